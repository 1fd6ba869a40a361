import type { ApiRoute } from '../registry.js';
import { listAudit } from './audit.js';
import { getBalances } from './balances.js';
import { listDayResults, listExceptions } from './days.js';
import { listDepartments } from './departments.js';
import { getEmployee, listEmployees } from './employees.js';
import { getMe } from './me.js';
import { listPunches } from './punches.js';
import { cancelRequestRoute, fileRequest, listRequests } from './requests.js';

/** Every API route: the router and the OpenAPI document are both built from this list. */
export const apiRoutes: readonly ApiRoute[] = [
  getMe,
  listEmployees,
  getEmployee,
  listDepartments,
  listPunches,
  listDayResults,
  listExceptions,
  fileRequest,
  listRequests,
  cancelRequestRoute,
  getBalances,
  listAudit,
  ...(await import('./periods.js')).periodRoutes,
  ...(await import('./reports.js')).reportRoutes,
  (await import('./backtests.js')).createBacktest,
  (await import('./rosters.js')).listRosters,
  ...(await import('./devices.js')).deviceRoutes,
];

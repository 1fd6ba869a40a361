/** The express app: one server for both families (oapi paths and /v1.0 paths) plus /__sandbox controls. */
import express, { type Express } from 'express';
import { apiGate } from './gate.js';
import { errorHandler, sendError, badParam } from './respond.js';
import { adminRoutes } from './routes/admin.js';
import { approvalRoutes } from './routes/approvals.js';
import { attendanceRoutes } from './routes/attendance.js';
import { authRoutes } from './routes/auth.js';
import { contactRoutes } from './routes/contacts.js';
import { groupRoutes } from './routes/groups.js';
import { messageRoutes } from './routes/messages.js';
import { writebackRoutes } from './routes/writeback.js';
import type { SandboxState } from './state.js';
import { streamRoutes } from './stream.js';

export function createDingtalkApp(state: SandboxState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '2mb' }));
  app.use(adminRoutes(state));
  app.use(streamRoutes(state));
  app.use(apiGate(state));
  for (const routes of [authRoutes, attendanceRoutes, groupRoutes, approvalRoutes, contactRoutes, writebackRoutes]) app.use(routes(state));
  app.use(messageRoutes(state));
  app.use((req, res) => {
    res.status(404);
    sendError(req, res, badParam(`unknown API ${req.method} ${req.path}`));
  });
  app.use(errorHandler);
  return app;
}

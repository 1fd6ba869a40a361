import type { Bench } from './harness.js';
import { ingestMysql, ingestSqlite } from './ingest.js';
import { recomputeMysql, recomputeSqlite } from './recompute.js';
import { rulesBench } from './rules.js';
import { importBench } from './import.js';
import { deviceIngest } from './deviceIngest.js';
import { callbacksBench, callbacksDbDownBench } from './callbacks.js';
import { vendorCallsBench } from './vendorCalls.js';
import { memoryBench } from './memory.js';
import { checkinBench } from './checkin.js';

/** Every benchmark `npm run bench` runs, in order. */
export const benches: Bench[] = [rulesBench, ingestSqlite, ingestMysql, recomputeSqlite, recomputeMysql, importBench, deviceIngest, callbacksBench, callbacksDbDownBench, vendorCallsBench, memoryBench, checkinBench];

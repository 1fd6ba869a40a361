import type { StreamDef } from '../../../src/vendor/contract.js';
import type { CallTally } from '../client.js';
import { corpOptionSchema } from '../client-schemas.js';
import { compileRules } from '../map/rules.js';
import type { WecomEnv } from './env.js';

/** getcorpcheckinoption: every rule of the corp in one call, compiled into shifts, groups and calendar days. */
export function rulesStream(env: WecomEnv): StreamDef<Record<string, never>> {
  return {
    name: 'rules',
    urgent: false,
    start: () => ({}),
    minimumCalls: () => 1,
    async fetchPage() {
      const tally: CallTally = { calls: 0 };
      const out = await env.client.call('getcorpcheckinoption', { body: {}, schema: corpOptionSchema, tally });
      const compiled = compileRules(out.group, env.tenantId, env.zone);
      if (compiled.skipped.length > 0) env.logger.warn({ tenantId: env.tenantId, skipped: compiled.skipped }, 'wecom rules that do not compile were skipped');
      return { changes: compiled.changes, next: {}, done: true, calls: tally.calls };
    },
  };
}

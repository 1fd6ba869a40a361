import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config/load.js';

const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

function tenantsFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ab-cfg-')), 'tenants.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err.problems;
  }
  assert.fail('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('runs on the embedded default with no environment at all', () => {
    const c = loadConfig({});
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.timezone, 'Asia/Shanghai');
    assert.equal(c.port, 3000);
    assert.deepEqual(c.tenants, []);
    assert.equal(c.policy.outOfRange, 'exception');
  });

  it('builds the `default` tenant from the WeCom shortcut variables', () => {
    const c = loadConfig({ WECOM_CORP_ID: 'ww1', WECOM_SECRET: 's', WECOM_AGENT_ID: '1000002', WECOM_CALLBACK_TOKEN: 'tok', WECOM_CALLBACK_AES_KEY: AES, WECOM_API_BASE: 'http://127.0.0.1:9999' });
    assert.equal(c.tenants.length, 1);
    const t = c.tenants[0];
    assert.ok(t?.vendor === 'wecom');
    assert.equal(t.id, 'default');
    assert.equal(t.secrets.default, 's');
    assert.deepEqual(t.callback, { token: 'tok', aesKey: AES });
    assert.equal(t.apiBase, 'http://127.0.0.1:9999');
  });

  it('accepts per-app WeCom secrets instead of one', () => {
    const c = loadConfig({ WECOM_CORP_ID: 'ww1', WECOM_CHECKIN_SECRET: 'a', WECOM_APPROVAL_SECRET: 'b', WECOM_CONTACT_SECRET: 'c' });
    const t = c.tenants[0];
    assert.ok(t?.vendor === 'wecom');
    assert.deepEqual(t.secrets, { checkin: 'a', approval: 'b', contact: 'c' });
  });

  it('names the DingTalk shortcut tenant apart when both vendors are configured', () => {
    const c = loadConfig({ WECOM_CORP_ID: 'ww1', WECOM_SECRET: 's', DINGTALK_CORP_ID: 'ding1', DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's2' });
    assert.deepEqual(c.tenants.map((t) => [t.id, t.vendor]), [['default', 'wecom'], ['default-dingtalk', 'dingtalk']]);
  });

  it('reads the DingTalk approval processes to pull from DINGTALK_PROCESS_CODES', () => {
    const c = loadConfig({ DINGTALK_CORP_ID: 'ding1', DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', DINGTALK_PROCESS_CODES: 'leave:PROC-A, PROC-B/overtime:PROC-C' });
    const t = c.tenants[0];
    assert.ok(t?.vendor === 'dingtalk');
    assert.deepEqual(t.processCodes, { leave: ['PROC-A', 'PROC-B'], overtime: ['PROC-C'] });
    assert.ok(problemsOf({ DINGTALK_CORP_ID: 'ding1', DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', DINGTALK_PROCESS_CODES: 'holiday:PROC-X' }).some((p) => /processCodes/.test(p)));
  });

  it('reads several tenants from TENANTS_FILE with secrets from the environment', () => {
    const file = tenantsFile([
      { id: 'a', vendor: 'wecom', corpId: 'ww1', secrets: { default: { env: 'A_SECRET' } } },
      { id: 'b', vendor: 'dingtalk', corpId: 'ding', appKey: 'k', appSecret: { env: 'B_SECRET' }, callback: { token: { env: 'B_TOKEN' }, aesKey: { env: 'B_AES' } } },
    ]);
    const c = loadConfig({ TENANTS_FILE: file, A_SECRET: 'x', B_SECRET: 'y', B_TOKEN: 't', B_AES: AES });
    assert.deepEqual(c.tenants.map((t) => t.id), ['a', 'b']);
    const b = c.tenants[1];
    assert.ok(b?.vendor === 'dingtalk');
    assert.equal(b.appSecret, 'y');
  });

  it('lists every problem at once: missing secret, malformed DATABASE_URL, unknown tenant field', () => {
    const file = tenantsFile([{ id: 'a', vendor: 'wecom', corpId: 'ww1', secrets: { default: { env: 'A_SECRET' } }, colour: 'blue' }]);
    const problems = problemsOf({ TENANTS_FILE: file, DATABASE_URL: 'postgres://x', DINGTALK_CORP_ID: 'ding', DINGTALK_APP_KEY: 'k', PORT: 'abc' });
    const text = problems.join('\n');
    assert.match(text, /tenants\.0\.secrets\.default: environment variable A_SECRET is not set/);
    assert.match(text, /DATABASE_URL: expected mysql:/);
    assert.match(text, /appSecret/);
    assert.match(text, /colour/);
    assert.match(text, /PORT/);
    assert.ok(problems.length >= 5, text);
  });

  it('refuses a literal secret in a tenants file', () => {
    const file = tenantsFile([{ id: 'a', vendor: 'wecom', corpId: 'ww1', secrets: { default: 'plain-text-secret' } }]);
    const problems = problemsOf({ TENANTS_FILE: file });
    assert.ok(problems.some((p) => /secrets come only from the environment/.test(p)));
    assert.ok(!problems.join('\n').includes('plain-text-secret'), 'the secret itself is not echoed');
  });

  it('reads the rule policy from POLICY_FILE (the example file is valid) and refuses unknown policy fields', () => {
    const c = loadConfig({ POLICY_FILE: 'config/policy.example.json' });
    assert.equal(c.policy.timeOff.roundingUnitMinutes, 30);
    assert.deepEqual(c.policy.timeOff.expiry, { type: 'months', months: 6 });
    const file = tenantsFile({ outOfRange: 'sometimes', graceMinutes: 5 });
    const problems = problemsOf({ POLICY_FILE: file });
    assert.ok(problems.some((p) => /POLICY_FILE\.outOfRange/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /graceMinutes/.test(p)), problems.join('\n'));
  });

  it('refuses a malformed callback key and a bad timezone', () => {
    const problems = problemsOf({ WECOM_CORP_ID: 'ww1', WECOM_SECRET: 's', WECOM_CALLBACK_TOKEN: 't', WECOM_CALLBACK_AES_KEY: 'short', TZ_DEFAULT: 'Mars/Olympus' });
    assert.ok(problems.some((p) => /43 letters/.test(p)));
    assert.ok(problems.some((p) => /TZ_DEFAULT: not an IANA timezone/.test(p)));
  });
});

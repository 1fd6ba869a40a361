import assert from 'node:assert/strict';
import type { SandboxCompany } from '../../../src/sandbox/company.js';

/**
 * Values that must never reach a log line: secrets and keys, employees' mobiles, and punch
 * coordinates (as degrees with their decimals, and in WeCom's micro-degree integers).
 */
export class Canaries {
  private readonly exact = new Set<string>();
  private readonly numbers = new Set<string>();

  addSecrets(env: Record<string, string>): this {
    for (const [name, value] of Object.entries(env)) if (/SECRET|TOKEN|AES_KEY/.test(name) && value.length >= 8) this.exact.add(value);
    return this;
  }

  addCompany(company: SandboxCompany): this {
    for (const e of company.employees) this.numbers.add(e.mobile);
    for (const p of company.punches) this.addCoordinate(p.lat, p.lng);
    return this;
  }

  addCoordinate(lat: number, lng: number): this {
    for (const deg of [lat, lng]) {
      // Whole degrees or a few decimals say nothing about a person; 4+ decimals locate them.
      if (!/\.\d{4,}/.test(String(deg))) continue;
      this.numbers.add(String(deg));
      this.numbers.add(String(Math.round(deg * 1e6)));
    }
    return this;
  }

  get size(): number {
    return this.exact.size + this.numbers.size;
  }

  /** Every line that carries a canary, with the canary found. */
  leaks(lines: readonly string[]): { line: string; canary: string }[] {
    const out: { line: string; canary: string }[] = [];
    for (const line of lines) {
      for (const token of line.match(/\d+(?:\.\d+)?/g) ?? []) if (this.numbers.has(token)) out.push({ line, canary: token });
      for (const secret of this.exact) if (line.includes(secret)) out.push({ line, canary: secret });
    }
    return out;
  }

  assertClean(lines: readonly string[], what: string): void {
    const leaks = this.leaks(lines);
    assert.equal(leaks.length, 0, `${what}: ${leaks.length} log line(s) carry canaries, e.g.:\n${leaks.slice(0, 5).map((l) => `  [${l.canary}] ${l.line.slice(0, 400)}`).join('\n')}`);
  }
}

import { addDays, daysBetween } from './calendar.js';
import type { Rng } from './rng.js';
import type { SandboxCompany } from './company.js';

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲建国宇浩然子轩欣怡梓涵晨雨思博文'];
const FUNCTIONS = ['研发部', '产品部', '销售部', '市场部', '财务部', '人力资源部', '行政部', '运营部', '客服部', '采购部', '法务部', '质量部', '仓储物流部', '技术支持部', '数据部', '安全部'];
const TEAMS = ['一组', '二组', '三组', '四组', '五组', '六组', '七组', '八组', '九组', '十组'];
const POSITIONS = ['工程师', '高级工程师', '产品经理', '销售代表', '会计', '人事专员', '行政专员', '运营专员', '客服专员', '设计师', '测试工程师', '主管', '经理', '运维工程师'];
const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '176', '177', '180', '181', '186', '187', '188', '189', '199'];

type Person = Omit<SandboxCompany['employees'][number], 'groupKey'>;

/**
 * Department tree (root 1, ~1 department per 15 people, functions then teams) and the people in
 * it. Mobile suffixes step by a prime modulo 10^8, so every number is distinct.
 */
export function generateOrg(rng: Rng, count: number, from: string): { departments: SandboxCompany['departments']; employees: Person[] } {
  const departments: SandboxCompany['departments'] = [{ id: 1, parentId: null, name: '示例科技有限公司' }];
  const total = Math.max(2, Math.round(count / 15));
  const below = total - 1;
  const level2 = Math.max(1, Math.min(below, Math.round(Math.sqrt(below))));
  for (let i = 0; i < level2; i++) {
    const base = FUNCTIONS[i % FUNCTIONS.length] ?? '部门';
    const name = i < FUNCTIONS.length ? base : `${base}${Math.floor(i / FUNCTIONS.length) + 1}`;
    departments.push({ id: departments.length + 1, parentId: 1, name });
  }
  const parents = departments.slice(1);
  for (let i = 0; i < below - level2; i++) {
    const parent = parents[i % parents.length];
    if (!parent) break;
    const k = Math.floor(i / parents.length);
    const name = `${parent.name.replace(/部\d*$/, '')}${TEAMS[k % TEAMS.length] ?? ''}${k >= TEAMS.length ? Math.floor(k / TEAMS.length) + 1 : ''}`;
    departments.push({ id: departments.length + 1, parentId: parent.id, name });
  }
  // People sit in the leaves; a function without teams is itself a leaf.
  const hasChild = new Set(departments.map((d) => d.parentId));
  const leaves = departments.filter((d) => d.id !== 1 && !hasChild.has(d.id));
  const width = Math.max(5, String(count).length);
  const mobileBase = rng.int(0, 99_999_999);
  const earliestHire = '2015-01-01';
  const span = Math.max(1, daysBetween(earliestHire, from));
  const employees: Person[] = [];
  for (let i = 0; i < count; i++) {
    const key = `u${String(i + 1).padStart(width, '0')}`;
    const dept = i < leaves.length ? leaves[i] : rng.pick(leaves);
    const name = rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '');
    const suffix = String((mobileBase + i * 7919) % 100_000_000).padStart(8, '0');
    // About 1 % joined during the covered range: no punches exist before their first day.
    const hiredOn = rng.chance(0.01) ? addDays(from, rng.int(1, 10)) : addDays(earliestHire, rng.int(0, span - 1));
    employees.push({
      key,
      name,
      departmentId: dept?.id ?? 1,
      mobile: `${rng.pick(MOBILE_PREFIXES)}${suffix}`,
      email: `${key}@example.com`,
      jobNumber: `A${String(10_000 + i)}`,
      position: rng.pick(POSITIONS),
      hiredOn,
    });
  }
  return { departments, employees };
}

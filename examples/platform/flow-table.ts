import { CheckReport, FlowReport, SideReport } from '../../src/evaluator/flows';

/** The flow table with the tier that decided each flow, and the rule that decided each side. */
export function renderTierTable(report: CheckReport): string {
  const rows = report.flows.map((flow) => [flow.ok ? 'PASS' : 'FAIL', flow.name, `${flow.expect}/${flow.verdict}`, decidingTiers(flow), decided(flow.egress), decided(flow.ingress)]);
  const header = ['', 'flow', 'expect/got', 'decided in', 'egress decided by', 'ingress decided by'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  const { total, passed, failed } = report.summary;
  return `${[line(header), ...rows.map(line)].join('\n')}\n${total} flows: ${passed} passed, ${failed} failed\n`;
}

/**
 * The tiers the verdict rests on: for a denied flow the sides that deny (egress first), for an
 * allowed one the sides some tier accepted (the default only when nothing did).
 */
export function decidingTiers(flow: FlowReport): string {
  const sides = [flow.egress, flow.ingress].map((side) => side.decidedBy).filter((step) => step !== undefined);
  const wanted = flow.verdict === 'allow' ? sides.filter((step) => step.tier !== 'Default') : sides.filter((step) => step.action === 'Deny');
  const tiers = [...new Set((wanted.length > 0 ? wanted : sides).map((step) => step.tier))];
  return tiers.join(' + ');
}

/** `Admin Deny payments-guardrail "deny-other-namespaces"`, `NetworkPolicy Accept app/api-to-payments`, `Default Accept`. */
function decided(side: SideReport): string {
  const step = side.decidedBy;
  if (!step) return 'differs per backend';
  const rule = step.name !== undefined ? ` "${step.name}"` : '';
  return [step.tier, step.action, step.policy !== undefined ? `${step.policy}${rule}` : undefined].filter((part) => part !== undefined).join(' ');
}

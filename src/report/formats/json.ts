import { CellVerdict, MatrixReport, portsWithStatus, portText } from '../matrix-report';
import { axisLabel, countVerdicts } from './common';

/** The `schema` value of `netpol matrix --output json`; a new major version is a new value. */
export const MATRIX_JSON_SCHEMA = 'netpol.matrix/v1';

/**
 * `netpol matrix --output json`. Fields may be added, never removed or renamed.
 *
 * To read a cell: `profiles[cells[r][c]]` is what row `r` (a source) may do to column `c` (a
 * destination); `rows[r].endpoints` and `columns[c].endpoints` index `endpoints`.
 */
export interface MatrixJson {
  readonly schema: typeof MATRIX_JSON_SCHEMA;
  /** How pods were gathered: `pod`, `workload` or `namespace`. */
  readonly grouping: string;
  /** Every port judged, `PORT/PROTOCOL` (`80/TCP`), in the order of `MatrixJsonProfile` lists. */
  readonly ports: string[];
  /** True: each destination was judged only on the ports it declares (all of them when it declares none). */
  readonly declaredPortsOnly: boolean;
  /** The namespaces shown. */
  readonly namespaces: string[];
  readonly endpoints: MatrixJsonEndpoint[];
  /** Sources: one endpoint each, or several whose cells are identical when merged (`--merge`). */
  readonly rows: MatrixJsonAxis[];
  /** Destinations, likewise. */
  readonly columns: MatrixJsonAxis[];
  /** The distinct contents of cells, sorted by verdict (allow, partial, deny, self) then ports. */
  readonly profiles: MatrixJsonProfile[];
  /** How many cells have each verdict. */
  readonly summary: Record<CellVerdict, number>;
  /** `cells[r][c]`: an index into `profiles`, or null where there is no cell (an external to an external). */
  readonly cells: Array<Array<number | null>>;
}

export interface MatrixJsonEndpoint {
  /** Unique: `ns/name` for a workload (or a pod no workload owns), the namespace, a pod, or a CIDR or address. */
  readonly id: string;
  /** `workload`, `pod`, `namespace` or `external`. */
  readonly kind: string;
  /** Absent for externals. */
  readonly namespace?: string;
  readonly name: string;
  /** For a workload: its kind (`Deployment`, ...), or `Pod` for a pod that no workload owns. */
  readonly workloadKind?: string;
  /** How many pods (live Pods, or workload templates standing for their replicas) it holds; absent for externals. */
  readonly pods?: number;
}

export interface MatrixJsonAxis {
  /** The endpoints' ids, shortened when there are many. */
  readonly label: string;
  /** Indices into `endpoints`, ascending. */
  readonly endpoints: number[];
}

export interface MatrixJsonProfile {
  /**
   * `allow`: every pair of pods (or addresses) allowed on every port judged; `deny`: none on
   * any; `partial`: otherwise; `self`: a pod's own cell (no pair of distinct pods).
   */
  readonly verdict: CellVerdict;
  /** Ports on which every pair is allowed. */
  readonly allowed: string[];
  /** Ports on which some pairs are allowed. */
  readonly partial: string[];
  /** Ports on which no pair is allowed. */
  readonly denied: string[];
}

/** The report as `MatrixJson`, indented, with one line per row of cells so that large matrices stay compact. */
export function renderMatrixJson(report: MatrixReport): string {
  const { cells, ...rest } = matrixJson(report);
  const head = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  const rows = cells.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
  return `${head},\n  "cells": [${rows ? `\n${rows}\n  ` : ''}]\n}\n`;
}

export function matrixJson(report: MatrixReport): MatrixJson {
  return {
    schema: MATRIX_JSON_SCHEMA,
    grouping: report.grouping,
    ports: report.ports.map(portText),
    declaredPortsOnly: report.declaredPortsOnly,
    namespaces: [...report.namespaces],
    endpoints: report.endpoints.map((e) => ({
      id: e.id,
      kind: e.kind,
      ...(e.namespace !== undefined ? { namespace: e.namespace } : {}),
      name: e.name,
      ...(e.workloadKind !== undefined ? { workloadKind: e.workloadKind } : {}),
      ...(e.kind !== 'external' ? { pods: e.pods.length } : {}),
    })),
    rows: report.rows.map((axis) => ({ label: axisLabel(report, axis), endpoints: [...axis.endpoints] })),
    columns: report.columns.map((axis) => ({ label: axisLabel(report, axis), endpoints: [...axis.endpoints] })),
    profiles: report.profiles.map((profile) => ({
      verdict: profile.verdict,
      allowed: portsWithStatus(report, profile, 'A').map(portText),
      partial: portsWithStatus(report, profile, 'P').map(portText),
      denied: portsWithStatus(report, profile, 'D').map(portText),
    })),
    summary: countVerdicts(report),
    cells: report.cells.map((row) => Array.from(row, (cell) => (cell < 0 ? null : cell))),
  };
}

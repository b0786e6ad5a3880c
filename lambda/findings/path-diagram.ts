/**
 * The hops of one network path as the path engine judged them, for drawing under a NET finding: the
 * question asked (`i-1 → internet tcp/443`), the verdict, and every hop in order, forward then return,
 * the failing one marked FAIL. Reports key diagrams by the finding id of the result they explain.
 */
export interface PathDiagram {
  question: string;
  verdict: 'works' | 'broken' | 'unverifiable';
  hops: PathHop[];
}

export interface PathHop {
  /** What the hop is: `security-group`, `network-acl`, `route-table`, `internet-gateway`... */
  kind: string;
  resourceId: string;
  status: 'PASS' | 'FAIL' | 'SKIP' | 'WARN';
  message: string;
  direction: 'forward' | 'return';
  /** The change that fixes a failing hop, when the engine knows it. */
  fix?: string;
}

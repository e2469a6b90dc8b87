import { fdpMuLowerBound, fdpEpsDeltaLowerBound } from '../metrics/fdp-one-run.ts';
import { oneRunEpsilon } from '../metrics/one-run.ts';
for (const r of [100, 200, 500, 1000, 2000, 5000]) for (const m of [r*2, r*10]) {
  const t=performance.now();
  console.log(m,r,'fdp(eps,d)',fdpEpsDeltaLowerBound(m,r,r,1e-5).toFixed(3),'SNJ',oneRunEpsilon(m,r,r,1e-5).toFixed(3), (performance.now()-t).toFixed(0),'ms');
}

import { describeSolver } from './solver-harness.ts';
import { solve } from './solvers/evidence-to-indictment.ts';

describeSolver('evidence-to-indictment', solve);

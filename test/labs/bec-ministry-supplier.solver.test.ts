import { describeSolver } from './solver-harness.ts';
import { solve } from './solvers/bec-ministry-supplier.ts';

describeSolver('bec-ministry-supplier', solve);

import { describeSolver } from './solver-harness.ts';
import { solve } from './solvers/web-portal-intrusion.ts';

describeSolver('web-portal-intrusion', solve);

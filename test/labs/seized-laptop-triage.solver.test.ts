import { describeSolver } from './solver-harness.ts';
import { solve } from './solvers/seized-laptop-triage.ts';

describeSolver('seized-laptop-triage', solve);

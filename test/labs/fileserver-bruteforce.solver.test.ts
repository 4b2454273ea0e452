import { describeSolver } from './solver-harness.ts';
import { solve } from './solvers/fileserver-bruteforce.ts';

describeSolver('fileserver-bruteforce', solve);

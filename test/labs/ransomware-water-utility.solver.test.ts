import { describeSolver } from './solver-harness.ts';
import { solve } from './solvers/ransomware-water-utility.ts';

describeSolver('ransomware-water-utility', solve);

/**
 * A repeatable stream of whole numbers below a bound (a linear congruential generator): the same
 * seed gives the same inputs on every run, so a generated case that fails can be run again.
 */
export function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % below;
  };
}

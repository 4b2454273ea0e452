/**
 * Sign-in throttling that counts failed attempts only, in memory (Casebench runs as one process).
 *
 * Three counters over a sliding window:
 * - per address: an address that failed `perAddress` times (any accounts) is refused outright; this
 *   is decided from the address alone, so the route checks it before reading the body;
 * - per (account, address) pair: `perPair` failures refuse that pair only, so a stranger guessing
 *   cannot lock the owner out;
 * - per account: once an account has `perAccount` failures from anywhere (a distributed guess), only
 *   addresses with no recent failure on it may still try, one attempt at a time. A correct password
 *   from an address with no recent failures is therefore never refused by the per-account limit.
 *
 * Only failures count, so any number of correct sign-ins (a class behind one NAT address) pass. To
 * keep parallel guesses from all slipping past before the first failure is recorded, attempts in
 * flight hold a place under each limit: an attempt that might push a counter over its limit waits
 * for the ones ahead of it to finish instead of being refused.
 */
export interface LoginLimits {
  perAddress: number;
  perPair: number;
  perAccount: number;
  windowMs: number;
  /** Attempts allowed to wait for one counter at once; past that, refused (memory stays bounded). */
  maxWaiting: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAddress: 30,
  perPair: 5,
  perAccount: 5,
  windowMs: 15 * 60_000,
  maxWaiting: 200,
};

/** An admitted attempt: report exactly one outcome, once the password has been checked. */
export interface LoginAttempt {
  succeeded(): void;
  failed(): void;
}

export type Admission = { admitted: true; attempt: LoginAttempt } | { admitted: false; retryAfterMs: number };

interface Failure {
  at: number;
  address: string;
}

export class LoginThrottle {
  private readonly addressFailures = new Map<string, number[]>();
  private readonly pairFailures = new Map<string, number[]>();
  private readonly accountFailures = new Map<string, Failure[]>();
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();
  private lastSweep = 0;

  constructor(readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {}

  /** Milliseconds until the address may try again, or 0: needs nothing but the address. */
  addressRetryAfter(address: string, now: number): number {
    return this.retryAfter(this.recent(this.addressFailures, address, now), this.limits.perAddress, now);
  }

  /**
   * Admits one attempt for the account from the address, after the attempts in flight ahead of it if
   * they could decide it; or refuses it with the time to wait. `clock` is read again after each wait.
   */
  async admit(account: string, address: string, clock: () => number): Promise<Admission> {
    const pair = pairKey(account, address);
    const addressKey = `address\n${address}`;
    const pairSlot = `pair\n${pair}`;
    for (;;) {
      const now = clock();
      this.sweep(now);
      const addressFailures = this.recent(this.addressFailures, address, now);
      const pairFailures = this.recent(this.pairFailures, pair, now);
      const accountFailures = this.recentAccount(account, now);
      const addressWait = this.retryAfter(addressFailures, this.limits.perAddress, now);
      const pairWait = this.retryAfter(pairFailures, this.limits.perPair, now);
      if (addressWait > 0 || pairWait > 0) return { admitted: false, retryAfterMs: Math.max(addressWait, pairWait) };
      const underAttack = accountFailures.length >= this.limits.perAccount;
      if (underAttack && pairFailures.length > 0) {
        // Free again when this address's failures on the account expire, or the account's do.
        const accountWait =
          accountFailures[accountFailures.length - this.limits.perAccount]!.at + this.limits.windowMs - now;
        return {
          admitted: false,
          retryAfterMs: Math.min(pairFailures.at(-1)! + this.limits.windowMs - now, accountWait),
        };
      }
      // While the account is under attack a clean address gets one attempt at a time: a wrong one
      // makes it unclean before the next is checked.
      const pairLimit = underAttack ? 1 : this.limits.perPair;
      const full =
        (this.inFlight.get(addressKey) ?? 0) + addressFailures.length >= this.limits.perAddress
          ? addressKey
          : (this.inFlight.get(pairSlot) ?? 0) + pairFailures.length >= pairLimit
            ? pairSlot
            : undefined;
      if (full === undefined) break;
      const queue = this.waiting.get(full) ?? [];
      if (queue.length >= this.limits.maxWaiting) return { admitted: false, retryAfterMs: 1000 };
      this.waiting.set(full, queue);
      await new Promise<void>((resolve) => queue.push(resolve));
    }

    this.take(addressKey, 1);
    this.take(pairSlot, 1);
    let settled = false;
    const settle = (failed: boolean) => {
      if (settled) return;
      settled = true;
      const now = clock();
      if (failed) {
        this.push(this.addressFailures, address, now);
        this.push(this.pairFailures, pair, now);
        const failures = this.accountFailures.get(account) ?? [];
        failures.push({ at: now, address });
        this.accountFailures.set(account, failures);
      } else {
        // The owner signed in from here: this address's earlier failures on the account were
        // their own typing. Its failures on other accounts still count against the address.
        this.pairFailures.delete(pair);
        const remaining = (this.accountFailures.get(account) ?? []).filter((failure) => failure.address !== address);
        if (remaining.length > 0) this.accountFailures.set(account, remaining);
        else this.accountFailures.delete(account);
      }
      this.take(addressKey, -1);
      this.take(pairSlot, -1);
    };
    return { admitted: true, attempt: { succeeded: () => settle(false), failed: () => settle(true) } };
  }

  private take(slot: string, delta: number): void {
    const count = (this.inFlight.get(slot) ?? 0) + delta;
    if (count > 0) this.inFlight.set(slot, count);
    else this.inFlight.delete(slot);
    if (delta < 0) {
      // Everyone waiting on this counter looks again; those still blocked wait again.
      const queue = this.waiting.get(slot);
      this.waiting.delete(slot);
      for (const wake of queue ?? []) wake();
    }
  }

  /** Time until fewer than `limit` of the failures are inside the window, or 0 if they already are. */
  private retryAfter(failures: number[], limit: number, now: number): number {
    if (failures.length < limit) return 0;
    return failures[failures.length - limit]! + this.limits.windowMs - now;
  }

  private recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const times = map.get(key);
    if (!times) return [];
    const kept = times.filter((time) => now - time < this.limits.windowMs);
    if (kept.length === 0) map.delete(key);
    else if (kept.length !== times.length) map.set(key, kept);
    return kept;
  }

  private recentAccount(account: string, now: number): Failure[] {
    const failures = this.accountFailures.get(account);
    if (!failures) return [];
    const kept = failures.filter((failure) => now - failure.at < this.limits.windowMs);
    if (kept.length === 0) this.accountFailures.delete(account);
    else if (kept.length !== failures.length) this.accountFailures.set(account, kept);
    return kept;
  }

  private push(map: Map<string, number[]>, key: string, now: number): void {
    const times = map.get(key) ?? [];
    times.push(now);
    map.set(key, times);
  }

  /** Drops counters whose failures have all left the window, once per window: memory stays bounded. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.limits.windowMs) return;
    this.lastSweep = now;
    for (const map of [this.addressFailures, this.pairFailures])
      for (const [key, times] of map) if (times.every((time) => now - time >= this.limits.windowMs)) map.delete(key);
    for (const [key, failures] of this.accountFailures)
      if (failures.every((failure) => now - failure.at >= this.limits.windowMs)) this.accountFailures.delete(key);
  }
}

function pairKey(account: string, address: string): string {
  return `${account}\n${address}`;
}

import { SlidingWindow } from './rate-limiter.ts';

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
  private readonly addressFailures: SlidingWindow;
  private readonly pairFailures: SlidingWindow;
  private readonly accountFailures: SlidingWindow<Failure>;
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
    this.addressFailures = new SlidingWindow(limits.windowMs);
    this.pairFailures = new SlidingWindow(limits.windowMs);
    this.accountFailures = new SlidingWindow<Failure>(limits.windowMs);
  }

  /** Milliseconds until the address may try again, or 0: needs nothing but the address. */
  addressRetryAfter(address: string, now: number): number {
    return this.addressFailures.retryAfter(address, this.limits.perAddress, now);
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
      for (const window of [this.addressFailures, this.pairFailures, this.accountFailures]) window.sweep(now);
      const addressFailures = this.addressFailures.recent(address, now);
      const pairFailures = this.pairFailures.recent(pair, now);
      const accountFailures = this.accountFailures.recent(account, now);
      const addressWait = this.addressFailures.retryAfter(address, this.limits.perAddress, now);
      const pairWait = this.pairFailures.retryAfter(pair, this.limits.perPair, now);
      if (addressWait > 0 || pairWait > 0) return { admitted: false, retryAfterMs: Math.max(addressWait, pairWait) };
      const underAttack = accountFailures.length >= this.limits.perAccount;
      if (underAttack && pairFailures.length > 0) {
        // Free again when this address's failures on the account expire, or the account's do.
        return {
          admitted: false,
          retryAfterMs: Math.min(
            this.pairFailures.retryAfter(pair, 1, now),
            this.accountFailures.retryAfter(account, this.limits.perAccount, now),
          ),
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
        this.addressFailures.record(address, { at: now });
        this.pairFailures.record(pair, { at: now });
        this.accountFailures.record(account, { at: now, address });
      } else {
        // The owner signed in from here: this address's earlier failures on the account were
        // their own typing. Its failures on other accounts still count against the address.
        this.pairFailures.forget(pair);
        this.accountFailures.keep(account, (failure) => failure.address !== address);
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
}

function pairKey(account: string, address: string): string {
  return `${account}\n${address}`;
}

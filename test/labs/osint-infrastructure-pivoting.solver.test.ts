import { expect } from 'vitest';
import { describeSolver } from './solver-harness.ts';
import { commonMistakes, solve } from './solvers/osint-infrastructure-pivoting.ts';
import { describeTraps, describeHintQueries } from './variant-tables.ts';

describeSolver('osint-infrastructure-pivoting', solve);

describeTraps('osint-infrastructure-pivoting', commonMistakes);

describeHintQueries(
  'osint-infrastructure-pivoting',
  ['capture_log', 'ct_search', 'ip_context', 'page_scans', 'passive_dns'],
  async ({ run, blocks, variant }) => {
    const values = variant.values;

    const [served] = await run(blocks.get('phishing-ip')![1]!);
    expect(served?.[0]).toBe(values.phishing_ip);

    const ids = await run(blocks.get('tracking-id')![1]!);
    const actorRow = ids.find((row) => row[0] === values.tracking_id);
    expect(Number(actorRow?.[2])).toBe(4);

    const certOnly = await run(blocks.get('cert-only-domain')![1]!);
    expect(certOnly.map((row) => row[0])).toEqual([values.cert_only_domain]);

    const pages = await run(blocks.get('actor-domains')![2]!);
    expect(new Set(pages.map((row) => row[0]))).toEqual(
      new Set(
        [values.start_domain, ...(values.actor_domains as string[])].filter((name) => name !== values.cert_only_domain),
      ),
    );
  },
);

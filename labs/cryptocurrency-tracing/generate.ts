import type { VariantGenerator } from '../../server/labs/variants.ts';

/*
 * Variant generator of the lab "Following a ransom through a peel chain".
 *
 * From the seed it writes:
 *  - the victim's payment record (its broker's withdrawal confirmation: txid, ransom address, amount);
 *  - the blockchain analytics tool's export of the transactions around the ransom address, as two
 *    CSV files (one row per input, one row per output, with the transaction that later spent it);
 *  - the tool's cluster attribution of the addresses in the export (CSV);
 *  - Cobaltline's reply to the production order and its login history (CSV, exchange time CET).
 * The chain: the ransom address is co-spent with an earlier ransom address in hop 1, each hop peels
 * a round amount off to a service or an unknown address and sends the rest to a fresh change
 * address, and the last hop sweeps everything to a Cobaltline deposit address. Noise: unrelated
 * deposits of other Cobaltline customers, and the exchange's consolidation that co-spends them all.
 * Addresses are invented (prefix bc1qzz / bc1pzz, no valid checksum). Only context.random is used.
 */

type Random = Parameters<VariantGenerator>[0]['random'];

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const COIN = 100_000_000;

interface Output {
  address: string;
  sats: number;
  script: string;
  spentBy?: string;
}
interface Input {
  address: string;
  sats: number;
  prevTxid: string;
  prevVout: number;
}
interface Tx {
  txid: string;
  height: number;
  time: number;
  inputs: Input[];
  outputs: Output[];
}

const two = (n: number) => String(n).padStart(2, '0');
/** Seconds from 2026-11-01 00:00:00 UTC as "yyyy-MM-dd HH:mm:ss" UTC. */
const BASE = Date.UTC(2026, 10, 1, 0, 0, 0);
const utc = (seconds: number): string => new Date(BASE + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
const iso = (seconds: number): string => `${utc(seconds).replace(' ', 'T')}Z`;
const btc = (sats: number): string => `${Math.floor(sats / COIN)}.${String(sats % COIN).padStart(8, '0')}`;

const FIRST = ['Teodor', 'Milena', 'Ansgar', 'Liesl', 'Corwin', 'Ottilie', 'Radomir', 'Saskia', 'Bertil', 'Ilona'];
const LAST = ['Varkaus', 'Quillfeather', 'Drummelow', 'Ashgrove', 'Pellinore', 'Strandqvist', 'Halloway', 'Merrowby'];
const TOWNS = ['Eastmere', 'Kirkhollow', 'Westbridge', 'Marrow Cross', 'Lowfield'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 CobaltlineApp/4.12',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'CobaltlineApp/4.12 (Android 14; SM-A546B)',
];

const generate: VariantGenerator = ({ random }) => {
  const used = new Set<string>();
  const unique = (make: () => string): string => {
    for (;;) {
      const value = make();
      if (!used.has(value)) {
        used.add(value);
        return value;
      }
    }
  };
  const chars = (r: Random, count: number) =>
    Array.from({ length: count }, () => BECH32[r.int(0, BECH32.length - 1)]).join('');
  const p2wpkh = () => unique(() => `bc1qzz${chars(random, 36)}`);
  const p2tr = () => unique(() => `bc1pzz${chars(random, 56)}`);
  const txid = () => unique(() => random.hex(64));
  const fee = () => random.int(1_400, 9_800);

  const txs: Tx[] = [];
  const blockOffset = random.int(0, 599);
  let clock = 2 * 86_400 + random.int(8, 12) * 3600 + random.int(0, 3599); // 3 November, working hours
  const addTx = (inputs: Input[], outputs: Output[], gapSeconds: number): Tx => {
    clock += gapSeconds;
    // Block times: one block every ten minutes, the transaction in the block after it was sent.
    const height = 921_000 + Math.floor(clock / 600) + 1;
    const tx: Tx = { txid: txid(), height, time: (height - 921_000) * 600 + blockOffset, inputs, outputs };
    txs.push(tx);
    return tx;
  };
  const spend = (tx: Tx, vout: number): Input => ({
    address: tx.outputs[vout]!.address,
    sats: tx.outputs[vout]!.sats,
    prevTxid: tx.txid,
    prevVout: vout,
  });
  const coinbaseLike = (address: string, sats: number): Input => ({
    address,
    sats,
    prevTxid: random.hex(64),
    prevVout: random.int(0, 3),
  });

  // Entities of the cluster attribution.
  const cluster: {
    address: string;
    cluster: string;
    entity: string;
    category: string;
    confidence: string;
    basis: string;
  }[] = [];
  const cobaltCluster = `CL-${random.hex(8)}`;
  const larkspurCluster = `CL-${random.hex(8)}`;
  const gridmintCluster = `CL-${random.hex(8)}`;
  const ransomCluster = `CL-${random.hex(8)}`;

  // An earlier ransom received by the same operator (another victim), co-spent in hop 1.
  const otherRansom = p2wpkh();
  const otherPayer = p2wpkh();
  const otherSats = random.int(30, 90) * 1_000_000 + random.int(0, 999_999);
  const earlier = addTx(
    [coinbaseLike(otherPayer, otherSats + 2_500_000 + 3_100)],
    [
      { address: otherRansom, sats: otherSats, script: 'p2wpkh' },
      { address: p2wpkh(), sats: 2_500_000, script: 'p2wpkh' },
    ],
    -random.int(5, 9) * 86_400,
  );
  clock = earlier.time + random.int(5, 9) * 86_400;

  // The victim's payment through its broker, Larkspur Brokerage.
  const ransomAddress = p2wpkh();
  const ransomSats = random.int(150, 340) * 1_000_000 + random.int(0, 999_999);
  const brokerIn = p2wpkh();
  const brokerChange = p2wpkh();
  const brokerChangeSats = random.int(400, 2_000) * 1_000_000 + random.int(0, 999_999);
  const paymentFee = fee();
  const paymentOutputs: Output[] = random.shuffle([
    { address: ransomAddress, sats: ransomSats, script: 'p2wpkh' },
    { address: brokerChange, sats: brokerChangeSats, script: 'p2wpkh' },
  ]);
  const payment = addTx([coinbaseLike(brokerIn, ransomSats + brokerChangeSats + paymentFee)], paymentOutputs, 0);
  const ransomVout = payment.outputs.findIndex((output) => output.address === ransomAddress);
  cluster.push(
    {
      address: brokerIn,
      cluster: larkspurCluster,
      entity: 'Larkspur Brokerage',
      category: 'broker',
      confidence: 'high',
      basis: 'withdrawal hot wallet; attributed from broker disclosures',
    },
    {
      address: brokerChange,
      cluster: larkspurCluster,
      entity: 'Larkspur Brokerage',
      category: 'broker',
      confidence: 'medium',
      basis: 'change of a Larkspur withdrawal (change heuristic)',
    },
  );

  // Cobaltline: the account that receives the sweep (A) and another customer's account (B).
  const depositA = p2wpkh();
  const depositA2 = p2wpkh();
  const depositAUnused = p2wpkh();
  const depositB = p2wpkh();
  const swapAddresses: string[] = [];

  // The peel chain.
  const hops = random.int(4, 6);
  const peels = hops - 1;
  // Peel destinations: one to account B, one to A's second address, the others to the swap service or unknown.
  const kinds = random.shuffle([
    'cobalt-b',
    'cobalt-a2',
    ...Array.from({ length: peels - 2 }, () => random.pick(['swap', 'unknown'])),
  ]);
  const chain: Tx[] = [];
  let previous: Input[] = [spend(payment, ransomVout), spend(earlier, 0)];
  let changeOption = 'vout-0';
  let changeVout = 0;
  for (let hop = 1; hop <= hops; hop++) {
    const available = previous.reduce((sum, input) => sum + input.sats, 0);
    const txFee = fee();
    let outputs: Output[];
    if (hop === hops) {
      outputs = [{ address: depositA, sats: available - txFee, script: 'p2wpkh' }];
    } else {
      const kind = kinds[hop - 1]!;
      // A round 0.15 to 0.40 BTC, never more than a fifth of what is left, so the change carries the bulk on.
      const peelSats = Math.max(
        5_000_000,
        Math.min(random.int(3, 8) * 5_000_000, Math.floor(available / 25_000_000) * 5_000_000),
      );
      let target: string;
      let script = 'p2wpkh';
      if (kind === 'cobalt-b') target = depositB;
      else if (kind === 'cobalt-a2') target = depositA2;
      else if (kind === 'swap') {
        target = p2tr();
        script = 'p2tr';
        swapAddresses.push(target);
      } else {
        target = p2tr();
        script = 'p2tr';
      }
      const change: Output = { address: p2wpkh(), sats: available - peelSats - txFee, script: 'p2wpkh' };
      outputs = random.shuffle([{ address: target, sats: peelSats, script }, change]);
      changeVout = outputs.indexOf(change);
      if (hop === 2) changeOption = `vout-${changeVout}`;
    }
    const tx = addTx(previous, outputs, random.int(25, 140) * 60);
    for (const input of previous) {
      const source = txs.find((item) => item.txid === input.prevTxid);
      if (source) source.outputs[input.prevVout]!.spentBy = tx.txid;
    }
    chain.push(tx);
    if (hop < hops) {
      previous = [spend(tx, changeVout)];
      cluster.push({
        address: tx.outputs[changeVout]!.address,
        cluster: ransomCluster,
        entity: 'unattributed',
        category: 'unknown',
        confidence: 'low',
        basis: `change of ${tx.txid.slice(0, 12)}… (change heuristic: non-round amount, same script type)`,
      });
    }
  }
  cluster.push(
    {
      address: ransomAddress,
      cluster: ransomCluster,
      entity: 'unattributed',
      category: 'ransomware (reported)',
      confidence: 'medium',
      basis: 'victim report; co-spent with other cluster addresses (common-input-ownership)',
    },
    {
      address: otherRansom,
      cluster: ransomCluster,
      entity: 'unattributed',
      category: 'ransomware (suspected)',
      confidence: 'medium',
      basis: `co-spent with ${ransomAddress} in ${chain[0]!.txid.slice(0, 12)}… (common-input-ownership)`,
    },
  );

  // Other customers' deposits to Cobaltline (noise the export holds because the consolidation spends them).
  const others: Input[] = [];
  const otherCount = random.int(3, 5);
  for (let index = 0; index < otherCount; index++) {
    const deposit = p2wpkh();
    const sats = random.int(2, 60) * 1_000_000 + random.int(0, 999_999);
    const from = p2wpkh();
    const back = random.int(1, 30) * 1_000_000 + random.int(0, 999_999);
    const funding = addTx(
      [coinbaseLike(from, sats + back + 2_200)],
      random.shuffle([
        { address: deposit, sats, script: 'p2wpkh' },
        { address: p2wpkh(), sats: back, script: 'p2wpkh' },
      ]),
      random.int(2, 30) * 60,
    );
    others.push(
      spend(
        funding,
        funding.outputs.findIndex((output) => output.address === deposit),
      ),
    );
    cluster.push({
      address: deposit,
      cluster: cobaltCluster,
      entity: 'Cobaltline Exchange',
      category: 'exchange',
      confidence: 'high',
      basis: 'co-spent in Cobaltline consolidation',
    });
  }

  // Cobaltline's consolidation of deposit addresses into its hot wallet.
  const chainDeposits: Input[] = [];
  for (const tx of chain)
    tx.outputs.forEach((output, vout) => {
      if ([depositA, depositA2, depositB].includes(output.address)) chainDeposits.push(spend(tx, vout));
    });
  const consolidationInputs = random.shuffle([...chainDeposits, ...others]);
  const hotWallet = p2wpkh();
  const consolidationFee = fee();
  const consolidation = addTx(
    consolidationInputs,
    [
      {
        address: hotWallet,
        sats: consolidationInputs.reduce((sum, input) => sum + input.sats, 0) - consolidationFee,
        script: 'p2wpkh',
      },
    ],
    random.int(60, 200) * 60,
  );
  for (const input of consolidationInputs) {
    const source = txs.find((item) => item.txid === input.prevTxid);
    if (source) source.outputs[input.prevVout]!.spentBy = consolidation.txid;
  }
  cluster.push(
    {
      address: depositA,
      cluster: cobaltCluster,
      entity: 'Cobaltline Exchange',
      category: 'exchange',
      confidence: 'high',
      basis: 'co-spent in Cobaltline consolidation',
    },
    {
      address: depositA2,
      cluster: cobaltCluster,
      entity: 'Cobaltline Exchange',
      category: 'exchange',
      confidence: 'high',
      basis: 'co-spent in Cobaltline consolidation',
    },
    {
      address: depositB,
      cluster: cobaltCluster,
      entity: 'Cobaltline Exchange',
      category: 'exchange',
      confidence: 'high',
      basis: 'co-spent in Cobaltline consolidation',
    },
    {
      address: hotWallet,
      cluster: cobaltCluster,
      entity: 'Cobaltline Exchange',
      category: 'exchange',
      confidence: 'high',
      basis: 'hot wallet; attributed from test deposits by the analytics provider',
    },
    ...swapAddresses.map((address) => ({
      address,
      cluster: gridmintCluster,
      entity: 'Gridmint Swap',
      category: 'instant exchange',
      confidence: 'medium',
      basis: 'deposit pattern of the service',
    })),
  );

  // The CSV exports, in time order.
  const ordered = [...txs].sort((a, b) => a.time - b.time);
  const inputRows = ['txid,block_height,block_time_utc,input_index,address,amount_btc,prev_txid,prev_vout'];
  const outputRows = ['txid,block_height,block_time_utc,vout,address,amount_btc,script_type,spent_by_txid'];
  for (const tx of ordered) {
    tx.inputs.forEach((input, index) => {
      inputRows.push(
        [tx.txid, tx.height, utc(tx.time), index, input.address, btc(input.sats), input.prevTxid, input.prevVout].join(
          ',',
        ),
      );
    });
    tx.outputs.forEach((output, vout) => {
      outputRows.push(
        [
          tx.txid,
          tx.height,
          utc(tx.time),
          vout,
          output.address,
          btc(output.sats),
          output.script,
          output.spentBy ?? '',
        ].join(','),
      );
    });
  }
  const clusterRows = ['address,cluster_id,entity,category,confidence,basis'];
  for (const row of random.shuffle(cluster))
    clusterRows.push([row.address, row.cluster, row.entity, row.category, row.confidence, `"${row.basis}"`].join(','));

  // Totals.
  const cobaltAddresses = new Set(
    cluster.filter((row) => row.entity === 'Cobaltline Exchange').map((row) => row.address),
  );
  const chainToCobalt = chain.flatMap((tx) => tx.outputs).filter((output) => cobaltAddresses.has(output.address));
  const exchangeTotal = chainToCobalt.reduce((sum, output) => sum + output.sats, 0);
  const allToCobalt = txs
    .flatMap((tx) => tx.outputs)
    .filter((output) => cobaltAddresses.has(output.address) && output.address !== hotWallet)
    .reduce((sum, output) => sum + output.sats, 0);
  const sweep = chain[hops - 1]!.outputs[0]!;
  const hotWalletSats = consolidation.outputs[0]!.sats;

  // The payment record (Larkspur's withdrawal confirmation, forwarded by the victim).
  const paymentLocal = new Date(BASE + (payment.time - 1_020) * 1000 + 3600_000)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ');
  const paymentRecord = [
    'From: Larkspur Brokerage <no-reply@larkspur-brokerage.example>',
    'To: finance@fennick-joinery.example',
    `Date: ${new Date(BASE + payment.time * 1000 + 90_000).toUTCString().replace('GMT', '+0000')}`,
    'Subject: Withdrawal sent - BTC',
    '',
    'Larkspur Brokerage - withdrawal confirmation',
    '',
    'Account:            LB-330-81734 (Fennick Joinery Ltd)',
    `Requested:          ${paymentLocal} CET by user d.fennick`,
    'Asset:              Bitcoin (BTC)',
    `Amount sent:        ${btc(ransomSats)} BTC`,
    `Network fee:        ${btc(paymentFee)} BTC (paid by Larkspur from its wallet)`,
    `Destination:        ${ransomAddress}`,
    `Transaction id:     ${payment.txid}`,
    `Confirmed:          ${utc(payment.time)} UTC, block ${payment.height}`,
    '',
    'Withdrawals to external addresses cannot be reversed.',
    '',
  ].join('\n');

  // Cobaltline's reply and login history.
  const [holderFirst, otherFirst] = random.shuffle(FIRST);
  const [holderLast, otherLast] = random.shuffle(LAST);
  const holder = `${holderFirst} ${holderLast}`;
  const otherHolder = `${otherFirst} ${otherLast}`;
  const accountA = `CBL-${random.int(100_000, 999_999)}`;
  const accountB = `CBL-${random.int(100_000, 999_999)}`;
  const withdrawalTime = consolidation.time + random.int(60, 300) * 60 + random.int(0, 59);
  const cet = (seconds: number) => utc(seconds + 3600);
  const octet = () => random.int(20, 250);
  const subnet = () => random.pick(['198.51.100', '203.0.113']);
  const loginIp = `${subnet()}.${octet()}`;
  let decoyIp = `${subnet()}.${octet()}`;
  while (decoyIp === loginIp) decoyIp = `${subnet()}.${octet()}`;
  const loginRows = ['account_id,login_time_cet,session_end_cet,ip,src_port,user_agent,mfa'];
  interface Session {
    account: string;
    start: number;
    end: number;
    ip: string;
  }
  const sessions: Session[] = [];
  // The session that covers the withdrawal (UTC), and the decoy that covers it only if CET is read as UTC.
  sessions.push({
    account: accountA,
    start: withdrawalTime - random.int(4, 20) * 60,
    end: withdrawalTime + random.int(3, 15) * 60,
    ip: loginIp,
  });
  sessions.push({
    account: accountA,
    start: withdrawalTime - 3600 - random.int(5, 20) * 60,
    end: withdrawalTime - 3600 + random.int(5, 20) * 60,
    ip: decoyIp,
  });
  for (let index = 0; index < random.int(4, 7); index++) {
    const start = withdrawalTime - random.int(6, 60) * 3600 - random.int(0, 3599);
    sessions.push({
      account: accountA,
      start,
      end: start + random.int(3, 40) * 60,
      ip: random.chance(0.5) ? loginIp : `${subnet()}.${octet()}`,
    });
  }
  for (let index = 0; index < random.int(3, 5); index++) {
    const start = withdrawalTime - random.int(-3, 40) * 3600 - random.int(0, 3599);
    sessions.push({ account: accountB, start, end: start + random.int(3, 40) * 60, ip: `${subnet()}.${octet()}` });
  }
  // A session of account B over the withdrawal, from another address (a wrong answer for the wrong account).
  sessions.push({
    account: accountB,
    start: withdrawalTime - random.int(2, 10) * 60,
    end: withdrawalTime + random.int(2, 10) * 60,
    ip: `${subnet()}.${octet()}`,
  });
  const agentA = random.pick(AGENTS);
  for (const session of sessions.sort((a, b) => a.start - b.start))
    loginRows.push(
      [
        session.account,
        cet(session.start),
        cet(session.end),
        session.ip,
        random.int(1_024, 65_535),
        `"${session.account === accountA ? agentA : random.pick(AGENTS)}"`,
        'totp',
      ].join(','),
    );

  const received = (account: string[]) =>
    chainToCobalt.filter((output) => account.includes(output.address)).reduce((sum, output) => sum + output.sats, 0);
  const balanceA = random.int(1, 9) * 100_000 + random.int(0, 99_999);
  const withdrawnA = received([depositA, depositA2]) - balanceA - random.int(0, 50_000);
  const dob = `19${random.int(72, 99)}-${two(random.int(1, 12))}-${two(random.int(1, 28))}`;
  const dobB = `19${random.int(72, 99)}-${two(random.int(1, 12))}-${two(random.int(1, 28))}`;
  const orderNo = `PO-2026-${random.int(1000, 9999)}`;
  const letter = [
    'COBALTLINE EXCHANGE LTD',
    'Compliance and Law Enforcement Response',
    'lers@cobaltline.example',
    '',
    `Your reference: ${orderNo} (production order of the Regional Prosecutor's Office, served ${utc(consolidation.time + 3 * 86_400).slice(0, 10)})`,
    `Our reference:  LER-${random.int(10_000, 99_999)}`,
    '',
    'Response to production order',
    '',
    'The order asked which customer accounts the following deposit addresses are assigned to, the',
    'identification data held on those customers, and their login history from 1 to 5 November 2026:',
    ...[depositA, depositA2, depositB].sort().map((address) => `  - ${address}`),
    '',
    `1. Account ${accountA}`,
    `   Account holder:       ${holder}`,
    `   Date of birth:        ${dob}`,
    `   Identity document:    passport ZZ${random.int(1_000_000, 9_999_999)} (fictional state ZZ), verified by video identification`,
    `   Address:              ${random.int(2, 140)} ${random.pick(['Mill', 'Quarry', 'Orchard', 'Beacon'])} Road, ${random.pick(TOWNS)}`,
    `   E-mail:               ${holderFirst!.toLowerCase()}.${random.int(10, 99)}@mail.example`,
    `   Opened:               2026-0${random.int(3, 9)}-${two(random.int(1, 28))}`,
    `   Deposit addresses:    ${[depositA, depositA2, depositAUnused].sort().join(', ')}`,
    `   Withdrawal requested: ${utc(withdrawalTime)} UTC, ${btc(withdrawnA)} BTC to an external address (wallet system times are UTC)`,
    `   Balance at ${utc(consolidation.time + 3 * 86_400).slice(0, 10)}: ${btc(balanceA)} BTC`,
    '',
    `2. Account ${accountB}`,
    `   Account holder:       ${otherHolder}`,
    `   Date of birth:        ${dobB}`,
    `   Identity document:    national identity card ZZ-ID ${random.int(100_000_000, 999_999_999)}, verified by video identification`,
    `   Address:              ${random.int(2, 140)} ${random.pick(['Harbour', 'Fern', 'Castle'])} Street, ${random.pick(TOWNS)}`,
    `   Deposit addresses:    ${depositB}`,
    '   Balance: the deposit was traded for euro and paid out to a bank account on the same day.',
    '',
    'Login history: attached as cobaltline-logins.csv. Login and session times in that file are the',
    "platform's server time, Central European Time (UTC+01:00), written without an offset. The",
    'source port is recorded for each login.',
    '',
    'Cobaltline has placed no restriction on either account. We can act on a freezing order or',
    'request from a competent authority; please do not contact the customers through us.',
    '',
    'A. Lindqvist-Moor, Head of Compliance',
    '',
  ].join('\n');

  const hopTwo = chain[1]!;
  return {
    files: {
      'evidence/payment-record.eml': paymentRecord,
      'evidence/tx-inputs.csv': `${inputRows.join('\n')}\n`,
      'evidence/tx-outputs.csv': `${outputRows.join('\n')}\n`,
      'evidence/cluster-attribution.csv': `${clusterRows.join('\n')}\n`,
      'evidence/cobaltline-response.txt': letter,
      'evidence/cobaltline-logins.csv': `${loginRows.join('\n')}\n`,
    },
    values: {
      ransom_address: ransomAddress,
      payment_txid: payment.txid,
      hop_count: hops,
      chain_txids: chain.map((tx) => tx.txid),
      chain_with_consolidation: [...chain.map((tx) => tx.txid), consolidation.txid],
      chain_with_payment: [payment.txid, ...chain.map((tx) => tx.txid)],
      final_deposit_address: depositA,
      hop_two_txid: hopTwo.txid,
      change_option: changeOption,
      peel_option: changeOption === 'vout-0' ? 'vout-1' : 'vout-0',
      exchange_total: Number(btc(exchangeTotal)),
      exchange_total_all: Number(btc(allToCobalt)),
      exchange_total_with_hot_wallet: Number(btc(allToCobalt + hotWalletSats)),
      sweep_amount: Number(btc(sweep.sats)),
      ransom_amount: Number(btc(ransomSats)),
      account_id: accountA,
      holder_name: holder,
      holder_reversed: `${holderLast}, ${holderFirst}`,
      other_holder: otherHolder,
      withdrawal_time: iso(withdrawalTime),
      login_ip: loginIp,
      decoy_ip: decoyIp,
    },
  };
};

export default generate;

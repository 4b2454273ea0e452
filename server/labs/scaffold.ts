import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const EXAMPLE_LOG = `Mar  4 08:00:01 fs01 CRON[2211]: pam_unix(cron:session): session opened for user root by (uid=0)
Mar  4 08:12:44 fs01 sshd[2240]: Failed password for invalid user admin from 203.0.113.77 port 50122 ssh2
Mar  4 08:12:47 fs01 sshd[2240]: Failed password for invalid user admin from 203.0.113.77 port 50124 ssh2
Mar  4 08:13:02 fs01 sshd[2243]: Accepted password for j.doe from 192.0.2.15 port 50998 ssh2
`;

function labYaml(id: string, sha256: string): string {
  return `# yaml-language-server: $schema=../lab.schema.json
# The lab authors' reference is labs/README.md. Validate with: npm run lab -- validate labs/${id}
id: ${id}
version: 1
title: New lab ${id}
summary: One or two sentences for the catalogue.
difficulty: beginner
duration_minutes: 30
audience: investigator
skills:
  - log analysis
objectives:
  - Identify the address that attacked the server from its authentication log.
brief: brief.md

evidence:
  - id: auth-log
    file: evidence/auth.log
    title: Authentication log of FS01
    kind: log
    format: syslog
    # As tables for queries: syslog's times carry no year or zone, so the lab says which.
    table: { parser: syslog, zone: UTC, year: 2024 }
    sha256: ${sha256}
    custody:
      source_device: FS01 file server
      acquired_by: Example Unit, digital forensics
      acquired_at: 2024-03-06T09:15:00Z
      method: Logical copy of /var/log/auth.log, SHA-256 recorded at acquisition

tasks:
  - id: attacker-ip
    title: Attacking address
    prompt: Which address tried to guess passwords on FS01?
    points: 10
    placeholder: 198.51.100.23
    answer:
      kind: ip
      expected: 203.0.113.77
    hints:
      - text: Look for lines with "Failed password".
        cost: 2
    explanation: The failed logins all come from 203.0.113.77.
    examples:
      reject:
        - 192.0.2.15
`;
}

const BRIEF = `# Case brief

On 4 March 2024 the IT officer of an example organisation reported failed logins on the file server FS01.
The authentication log was copied the next morning. Find out who tried to get in.
`;

/** Creates labs/<id> with a lab.yaml, brief and evidence file that validate as they are. */
export async function scaffoldLab(labsDir: string, id: string): Promise<string> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/u.test(id))
    throw new Error(`"${id}" is not a valid lab id: use lower-case letters, digits and single hyphens`);
  const dir = join(labsDir, id);
  if (existsSync(dir)) throw new Error(`${dir} already exists`);
  await mkdir(join(dir, 'evidence'), { recursive: true });
  await writeFile(join(dir, 'evidence', 'auth.log'), EXAMPLE_LOG);
  await writeFile(join(dir, 'brief.md'), BRIEF);
  await writeFile(join(dir, 'lab.yaml'), labYaml(id, createHash('sha256').update(EXAMPLE_LOG).digest('hex')));
  return dir;
}

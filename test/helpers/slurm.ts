/**
 * A real single-node SLURM cluster for tests, from Debian's packages (munge, slurmctld, slurmd,
 * slurm-client): munged with a fresh key, slurmctld and slurmd on free loopback ports, every file
 * (key, socket, state, spool, logs, slurm.conf) in one temporary folder, stopped and removed by stop().
 * The node declares 8 CPUs and 16 GB whatever the machine has (SlurmdParameters=config_overrides), so the
 * docs' array script (4 CPUs and 4 GB per task) runs two tasks at a time on a 2-core CI machine.
 * Nothing leaves the machine: every daemon binds to 127.0.0.1; commands reach it through SLURM_CONF.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync, mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './orthanc.js';

const BINARIES = ['/usr/sbin/munged', '/usr/sbin/mungekey', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/squeue', '/usr/bin/scancel', '/usr/bin/scontrol', '/usr/bin/sinfo'];

/** Why the cluster cannot run here (a missing binary), or null when it can. */
export function slurmUnavailable(): string | null {
  const missing = BINARIES.filter((b) => !existsSync(b));
  return missing.length === 0 ? null : `SLURM not installed (missing ${missing.join(', ')}; Debian packages slurmctld slurmd slurm-client munge)`;
}

export interface SlurmCluster {
  readonly dir: string;
  /** The environment for SLURM commands (SLURM_CONF) on top of process.env. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs a SLURM client command against this cluster; throws with its stderr when it fails. */
  run(command: string, args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): string;
  /** The array tasks of a job still in the queue, by task id, with their state (PD, R, CG, ...). */
  tasks(jobId: string): Map<number, string>;
  /** Waits until no task of the job is in the queue (bounded); throws past timeoutMs. */
  waitDone(jobId: string, timeoutMs: number): Promise<void>;
  /** The daemons' logs, for a failure message. */
  logs(): string;
  stop(): void;
}

function check(r: ReturnType<typeof spawnSync>, what: string): string {
  if (r.error !== undefined || r.status !== 0) throw new Error(`${what} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}): ${String(r.stderr ?? '').trim() || r.error?.message}`);
  return String(r.stdout ?? '');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startSlurmCluster(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'radiomics-slurm-'));
  for (const sub of ['state', 'spool', 'log', 'munge']) mkdirSync(join(dir, sub));
  chmodSync(join(dir, 'munge'), 0o711);
  const node = hostname().split('.')[0];
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'slurm.conf');
  const socket = join(dir, 'munge', 'munge.socket');
  const pid = (name: string) => join(dir, `${name}.pid`);
  check(spawnSync('/usr/sbin/mungekey', ['--create', `--keyfile=${join(dir, 'munge', 'munge.key')}`, '--force'], { encoding: 'utf8' }), 'mungekey');
  chmodSync(join(dir, 'munge', 'munge.key'), 0o600);
  writeFileSync(
    conf,
    [
      'ClusterName=radiomicstest',
      `SlurmctldHost=${node}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      'CredType=cred/munge',
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${pid('slurmctld')}`,
      `SlurmdPidFile=${pid('slurmd')}`,
      `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
      // No cgroups: process tracking by /proc, no task containment (a test container has no cgroup delegation).
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_CPU_Memory',
      'SchedulerParameters=sched_interval=1',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'MpiDefault=none',
      'ReturnToService=2',
      'SlurmdParameters=config_overrides',
      'JobRequeue=1',
      // SLURM's default: a job gets 30 s between SIGTERM and SIGKILL, time for batch to save its table on a loaded machine.
      'KillWait=30',
      'MinJobAge=300',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=8 RealMemory=16000 State=UNKNOWN`,
      'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const logs = () =>
    ['munged.log', 'slurmctld.log', 'slurmd.log']
      .map((f) => join(dir, 'log', f))
      .filter(existsSync)
      .map((f) => `--- ${f}\n${readFileSync(f, 'utf8').split('\n').slice(-30).join('\n')}`)
      .join('\n');
  const stop = () => {
    spawnSync('/usr/bin/scancel', ['--full', '--user=root'], { env, timeout: 10_000 });
    for (const name of ['slurmd', 'slurmctld', 'munged']) {
      const file = name === 'munged' ? join(dir, 'munge', 'munged.pid') : pid(name);
      if (!existsSync(file)) continue;
      const p = Number(readFileSync(file, 'utf8').trim());
      try {
        process.kill(p, 'SIGTERM');
      } catch {
        // already gone
      }
      for (let i = 0; i < 50; i++) {
        try {
          process.kill(p, 0);
        } catch {
          break;
        }
        spawnSync('sleep', ['0.1']);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    check(
      spawnSync('/usr/sbin/munged', ['--force', `--socket=${socket}`, `--key-file=${join(dir, 'munge', 'munge.key')}`, `--pid-file=${join(dir, 'munge', 'munged.pid')}`, `--log-file=${join(dir, 'log', 'munged.log')}`, `--seed-file=${join(dir, 'munge', 'seed')}`], { encoding: 'utf8' }),
      'munged',
    );
    check(spawnSync('/usr/sbin/slurmctld', ['-c', '-i', '-f', conf], { encoding: 'utf8', env }), 'slurmctld');
    check(spawnSync('/usr/sbin/slurmd', ['-N', node, '-f', conf], { encoding: 'utf8', env }), 'slurmd');
    const cluster: SlurmCluster = {
      dir,
      env,
      run(command, args, options = {}) {
        return check(spawnSync(command, [...args], { encoding: 'utf8', cwd: options.cwd, env: { ...env, ...options.env }, timeout: options.timeoutMs ?? 30_000 }), `${command} ${args.join(' ')}`);
      },
      tasks(jobId) {
        const out = cluster.run('/usr/bin/squeue', ['--noheader', '--array', `--jobs=${jobId}`, '--format=%i %t']);
        const tasks = new Map<number, string>();
        for (const line of out.trim().split('\n').filter(Boolean)) {
          const [id, state] = line.trim().split(/\s+/);
          const task = Number(id.split('_')[1]);
          if (Number.isInteger(task)) tasks.set(task, state);
        }
        return tasks;
      },
      async waitDone(jobId, timeoutMs) {
        const end = Date.now() + timeoutMs;
        while (cluster.tasks(jobId).size > 0) {
          if (Date.now() > end) throw new Error(`job ${jobId} still queued after ${timeoutMs} ms\n${logs()}`);
          await sleep(200);
        }
      },
      logs,
      stop,
    };
    // The node registers with the controller within a few seconds: wait until it is idle (bounded).
    const end = Date.now() + 30_000;
    for (;;) {
      const state = spawnSync('/usr/bin/sinfo', ['--noheader', '--format=%T'], { encoding: 'utf8', env }).stdout?.trim();
      if (state === 'idle') break;
      if (Date.now() > end) throw new Error(`the SLURM node did not come up (state "${state}")\n${logs()}`);
      await sleep(200);
    }
    return cluster;
  } catch (e) {
    const message = `${(e as Error).message}\n${logs()}`;
    stop();
    throw new Error(message);
  }
}

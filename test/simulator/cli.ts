// Runs the simulator as a process: `node out/simulator/cli.js --port 4010 --seed 1 --token dev-token
// [--scale 1000] [--step-ms 1500] [--live-every 20] [--live-step-ms 4000] [--hostile] [--big-context-mb 5] [--many-executions 1000]
// [--fault SPEC]... [--latency-ms 200]`.
import { parseFaultRule, startSimulator, type FaultRule, type SimulatorOptions } from './index';

const USAGE = `Usage: cli.js [--port 4010] [--host 127.0.0.1] [--seed 1] [--token dev-token] [--scale 1000]
              [--step-ms 1500] [--live-every SECONDS] [--live-step-ms MS] [--hostile] [--big-context-mb 5] [--latency-ms 200]
              [--many-executions N] (a finished run with N executions, at most 20000)
              [--fault SPEC]...   SPEC: latency=MS | hang | status=CODE[;retry-after=S][;empty] | malformed
                                        | html=CODE (a proxy's HTML error page) | empty (handled, empty 200)
                                        | truncated | reset | drift=unknownEnum|missingField|extraFields|nulls|wrongType
                                        | hostile | hang-after | reset-after (handled, then no answer / reset)
                                        | status-after=CODE (handled, then answered CODE 400-599 with Cargo's JSON)
                                        | refuse=REASON (POST /runs, /batches; REASON: notEnoughCredits,
                                          concurrencyLimitReached, failedToStart, invalidData,
                                          workflowNotFound or playNotCompatible),
                                        optionally followed by ;times=N ;method=GET ;path=/runs/list
A server restart (connections refused for a while): curl -X POST <origin>/__sim/restart -d '{"downMs": 3000}'`;

export function parseArgs(argv: string[]): SimulatorOptions {
  const options: SimulatorOptions = { port: 4010 };
  const faults: FaultRule[] = [];
  const number = (flag: string, text: string | undefined): number => {
    const n = Number(text);
    if (text === undefined || text.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        options.port = number(flag, value());
        break;
      case '--host':
        options.host = value();
        break;
      case '--seed':
        options.seed = number(flag, value());
        break;
      case '--token': {
        const token = value();
        if (!token) throw new Error('--token needs a value');
        options.token = token;
        break;
      }
      case '--scale':
        options.scale = number(flag, value());
        break;
      case '--step-ms':
        options.stepMs = number(flag, value());
        break;
      case '--live-every':
        options.liveEveryMs = Math.round(number(flag, value()) * 1000);
        break;
      case '--live-step-ms':
        options.liveStepMs = number(flag, value());
        break;
      case '--hostile':
        options.hostile = true;
        break;
      case '--big-context-mb':
        options.bigContextBytes = Math.round(number(flag, value()) * 1024 * 1024);
        break;
      case '--many-executions': {
        const count = number(flag, value());
        if (!Number.isInteger(count) || count < 1 || count > 20_000) throw new Error(`${flag} needs a whole number of executions from 1 to 20000`);
        options.manyExecutions = count;
        break;
      }
      case '--latency-ms':
        faults.push({ fault: { kind: 'latency', ms: number(flag, value()) } });
        break;
      case '--fault':
        faults.push(parseFaultRule(value() ?? ''));
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown argument ${arg}`);
    }
  }
  if (faults.length > 0) options.faults = faults;
  return options;
}

async function main(): Promise<void> {
  let options: SimulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const sim = await startSimulator(options);
  const f = sim.fixtures;
  console.log(`Cargo API simulator listening on ${sim.url} (token: ${sim.token})`);
  console.log(`  tool workflow ${f.workflows.tool} · play workflow ${f.workflows.play}`);
  console.log(
    `  batches: running ${f.batches.running} · large ${f.batches.large} (${f.largeBatchRunsCount} runs)${f.batches.hostile ? ` · hostile ${f.batches.hostile}` : ''}`,
  );
  console.log(`  runs: failed ${f.runs.failed} · running ${f.runs.running}${f.runs.bigContext ? ` · bigContext ${f.runs.bigContext}` : ''}`);
  console.log(
    `  runs: withChildRun ${f.runs.withChildRun} · emptyExpression ${f.runs.emptyExpression} · allExpressions ${f.runs.allExpressions}${f.runs.manyExecutions ? ` · manyExecutions ${f.runs.manyExecutions}` : ''}`,
  );
  console.log(`  control: ${sim.origin}/__sim/{health,fixtures,requests,faults,batches,failures?batchUuid=,restart}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Error while stopping on ${signal}: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}

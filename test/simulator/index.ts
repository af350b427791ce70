// The Cargo API simulator: a real HTTP server on 127.0.0.1 that behaves like Cargo's orchestration
// API (see test/README.md, "The Cargo API simulator"). It never imports from src/: it stands for the real API.
export { startSimulator } from './server';
export { parseFaultSpec, parseFaultRule, formatFault } from './faults';
export type {
  Simulator,
  SimulatorOptions,
  StartBatchOptions,
  FailureReport,
  FailureGroup,
  RequestLogEntry,
  Fault,
  FaultRule,
  Fixtures,
  DriftKind,
  RefusalReason,
} from './types';

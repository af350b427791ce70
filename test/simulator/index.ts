// The Cargo API simulator: a real HTTP server on 127.0.0.1 that behaves like Cargo's orchestration
// API (see test/README.md, "The Cargo API simulator"). It stands for the real API, so it imports from src/ only
// src/api/limits.ts: the limits Cargo does not document, which the client and the simulator agree on.
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

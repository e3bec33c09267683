// The scenarios, in the order the runner starts them and results.md shows them. Each lives in
// src/scenarios/<folder>/: its run (child process side), its workers, its tables, charts and targets.
import { fanIn } from './scenarios/fan-in/index.js';
import { floodLatency } from './scenarios/flood-latency/index.js';
import { fromDoorbell } from './scenarios/fromDoorbell/index.js';
import { latency } from './scenarios/latency/index.js';
import { lifecycle } from './scenarios/lifecycle/index.js';
import { sender } from './scenarios/sender/index.js';
import type { Scenario } from './Scenario.js';

export const SCENARIOS: readonly Scenario[] = [sender, fanIn, latency, floodLatency, fromDoorbell, lifecycle];

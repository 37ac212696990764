/** Test helpers: a simulator on a scenario, typing at consoles, reading them back. */
import type { Scenario } from '../api';
import { defaultScenario } from '../defaultScenario';
import { engineNetfilter } from '../engineNetfilter';
import { nullNetfilter, type NetfilterFactory } from '../netfilter';
import { Simulator } from '../simulator';

export function makeSim(opts: { scenario?: Scenario; netfilter?: NetfilterFactory } = {}): Simulator {
  return new Simulator(opts.scenario ?? defaultScenario(), { netfilter: opts.netfilter ?? nullNetfilter });
}

/** Types a line at a node's console and runs the world for `ms` virtual milliseconds. */
export function type(sim: Simulator, node: string, text: string, ms = 0): void {
  sim.command(node, text);
  if (ms) sim.runUntil(sim.now + ms);
}

/** The console of a node as text lines (input lines with their prompt). */
export function screen(sim: Simulator, node: string): string[] {
  return sim.world.console.filter((l) => l.node === node).map((l) => (l.prompt ? `${l.prompt} ${l.text}` : l.text));
}

/** Output lines after the last input line. */
export function lastOutput(sim: Simulator, node: string): string[] {
  const lines = sim.world.console.filter((l) => l.node === node);
  let i = lines.length - 1;
  while (i >= 0 && lines[i].kind !== 'input') i--;
  return lines.slice(i + 1).map((l) => l.text);
}

export function hops(sim: Simulator): string[] {
  return sim.world.packets.map((p) => `${p.from}>${p.to} ${p.label}${p.fate.kind === 'delivered' ? '' : ` ${p.fate.kind}@${p.fate.at}`}`);
}

/** A simulator whose machines run the real engine. */
export function engineSim(scenario?: Scenario): Simulator {
  return makeSim({ scenario, netfilter: engineNetfilter });
}

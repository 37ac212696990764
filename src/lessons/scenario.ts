/** A lesson's scenario: the seed example changed as the step says, checked as a shared one would be. */
import type { Scenario } from '../sim/api';
import { defaultScenario } from '../sim/defaultScenario';
import { parseScenario } from '../sim/parseScenario';
import type { Result } from '../sim/result';
import type { Lesson, LessonScenario } from './types';

export function buildScenario(ls: LessonScenario | undefined): Result<Scenario> {
  const s = defaultScenario();
  if (ls) {
    s.title = ls.title;
    for (const n of s.nodes) {
      const id = n.id as keyof NonNullable<LessonScenario['rules']>;
      if (ls.rules?.[id] !== undefined) n.rules = ls.rules[id];
      if (ls.services?.[id]) n.services = ls.services[id];
      if (ls.sysctl?.[id]) n.sysctl = { ...ls.sysctl[id] };
    }
  }
  return parseScenario(JSON.parse(JSON.stringify(s)));
}

/** The step that loaded the scenario in force at `step` (-1: none did: the seed example). */
export function scenarioStepOf(lesson: Lesson, step: number): number {
  for (let i = Math.min(step, lesson.steps.length - 1); i >= 0; i--) if (lesson.steps[i].scenario) return i;
  return -1;
}

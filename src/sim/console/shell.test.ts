import { describe, expect, it } from 'vitest';
import { engineSim, lastOutput, makeSim, screen, type } from '../testing/harness';
import { HELP } from './basics';
import { COMMAND_NAMES } from './commandNames';
import { COMMANDS } from './commands';
import { parseLine } from './shellParse';

describe('shellParse', () => {
  it('splits lists, pipelines, background jobs and redirections', () => {
    const r = parseLine("ping -c 1 x && echo 'ok yes' || echo no; sleep 5 & help | grep nc > /dev/null 2>&1 # note");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((i) => [i.op, i.pipeline.text, i.background])).toEqual([
      [null, 'ping -c 1 x', false],
      ['&&', "echo 'ok yes'", false],
      ['||', 'echo no', false],
      [';', 'sleep 5', true],
      [';', 'help | grep nc > /dev/null 2>&1', false],
    ]);
    expect(r.value[1].pipeline.commands[0].argv).toEqual(['echo', 'ok yes']);
    expect(r.value[4].pipeline.commands[1].redirects).toEqual({ out: 'null', err: 'null' });
  });

  it("answers bad syntax with bash's words", () => {
    expect(parseLine('a && && b')).toEqual({ ok: false, error: "bash: syntax error near unexpected token `&&'" });
    expect(parseLine('; ls')).toEqual({ ok: false, error: "bash: syntax error near unexpected token `;'" });
    expect(parseLine('ls |')).toEqual({ ok: false, error: 'bash: syntax error: unexpected end of file' });
    expect(parseLine('| ls')).toEqual({ ok: false, error: "bash: syntax error near unexpected token `|'" });
    expect(parseLine('echo hi >')).toEqual({ ok: false, error: "bash: syntax error near unexpected token `newline'" });
    expect(parseLine('echo hi > out.txt').ok).toBe(false);
    expect(parseLine('')).toEqual({ ok: true, value: [] });
  });
});

describe('the shell', () => {
  it('runs lists: ; always, && after success, || after failure', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'false && echo A; echo B || echo C; nosuch || echo D', 100);
    expect(lastOutput(sim, 'labos-1')).toEqual(['B', 'bash: nosuch: command not found', 'D']);
    expect(sim.shells[0].lastExit).toBe(0);
  });

  it('waits for a running command before the next one of the list', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'sleep 2; echo after', 1000);
    expect(sim.shells[0].busy).toBe('sleep 2');
    expect(lastOutput(sim, 'labos-1')).toEqual([]);
    sim.runUntil(sim.now + 1500);
    expect(lastOutput(sim, 'labos-1')).toEqual(['after']);
    expect(sim.shells[0].busy).toBeNull();
  });

  it('pipes a command into grep, head, tail, wc and sort', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'help | grep -c nc');
    expect(lastOutput(sim, 'labos-1')).toEqual([String(HELP.split('\n').filter((l) => l.includes('nc')).length)]);
    type(sim, 'labos-1', "printf 'b 2\\na 1\\nc 3\\n' | sort");
    expect(lastOutput(sim, 'labos-1')).toEqual(['a 1', 'b 2', 'c 3']);
    type(sim, 'labos-1', "printf 'b 2\\na 10\\nc 3\\n' | sort -k2 -n");
    expect(lastOutput(sim, 'labos-1')[0]).toBe("sort: invalid option -- 'k'");
    type(sim, 'labos-1', "printf 'a b\\nc\\n' | wc");
    expect(lastOutput(sim, 'labos-1')).toEqual(['      2       3       6']);
    type(sim, 'labos-1', "printf 'a b\\nc\\n' | wc -l");
    expect(lastOutput(sim, 'labos-1')).toEqual(['2']);
    type(sim, 'labos-1', 'help | head -n 2 | tail -1');
    expect(lastOutput(sim, 'labos-1')).toEqual([screenHelpLine(sim, 1)]);
    type(sim, 'labos-1', 'help | grep -v a | wc -l');
    expect(Number(lastOutput(sim, 'labos-1')[0])).toBeGreaterThan(0);
    type(sim, 'labos-1', 'echo x | head -n abc');
    expect(lastOutput(sim, 'labos-1')).toEqual(['head: invalid number of lines: ‘abc’']);
  });

  it('streams a running command through a pipe: ping | grep shows each reply as it comes', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'ping -c 3 192.168.3.1 | grep ttl', 1200);
    expect(lastOutput(sim, 'labos-1').length).toBeGreaterThanOrEqual(1);
    expect(lastOutput(sim, 'labos-1').every((l) => l.includes('ttl='))).toBe(true);
    expect(sim.shells[0].busy).toBe('ping -c 3 192.168.3.1 | grep ttl');
    sim.runUntil(sim.now + 3000);
    expect(lastOutput(sim, 'labos-1')).toHaveLength(3);
    expect(sim.shells[0].busy).toBeNull();
  });

  it('ends the writer when the reader is done (ping | head -1)', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'ping 192.168.3.1 | head -1', 3000);
    expect(lastOutput(sim, 'labos-1')).toEqual(['PING 192.168.3.1 (192.168.3.1) 56(84) bytes of data.']);
    expect(sim.shells[0].busy).toBeNull();
    const sent = sim.world.packets.length;
    sim.runUntil(sim.now + 5000);
    expect(sim.world.packets.length).toBe(sent);
  });

  it('> /dev/null hides stdout, 2> /dev/null stderr', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'echo hidden > /dev/null; nosuch 2> /dev/null; echo shown');
    expect(lastOutput(sim, 'labos-1')).toEqual(['shown']);
  });

  it('runs background jobs: [1] pid, jobs, kill %1, and the notice before the next prompt', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'sleep 100 &');
    expect(lastOutput(sim, 'labos-1')).toEqual([expect.stringMatching(/^\[1\] \d+$/)]);
    expect(sim.shells[0].busy).toBeNull();
    type(sim, 'labos-1', 'sleep 1 &', 2000);
    type(sim, 'labos-1', 'jobs');
    expect(lastOutput(sim, 'labos-1')).toEqual(['[1]+  Running                 sleep 100 &', '[2]+  Done                    sleep 1']);
    type(sim, 'labos-1', 'kill %1');
    expect(lastOutput(sim, 'labos-1')).toEqual(['[1]+  Terminated              sleep 100']);
    type(sim, 'labos-1', 'kill %7');
    expect(lastOutput(sim, 'labos-1')).toEqual(['bash: kill: %7: no such job']);
    type(sim, 'labos-1', 'fg');
    expect(lastOutput(sim, 'labos-1')).toEqual(['bash: fg: current: no such job']);
  });

  it('fg brings a background job back: typed lines and ^C go to it', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'ping 192.168.3.1 > /dev/null &', 1500);
    type(sim, 'labos-1', 'fg %1');
    expect(lastOutput(sim, 'labos-1')).toEqual(['ping 192.168.3.1 > /dev/null']);
    expect(sim.shells[0].busy).toBe('ping 192.168.3.1 > /dev/null');
    type(sim, 'labos-1', '^C');
    expect(sim.shells[0].busy).toBeNull();
    // ping catches SIGINT, prints its statistics (here to /dev/null) and exits 0: it had replies
    expect(sim.shells[0].lastExit).toBe(0);
    type(sim, 'labos-1', 'sleep 10', 100);
    type(sim, 'labos-1', '^C');
    expect(sim.shells[0].lastExit).toBe(130);
  });

  it('^C ends the rest of the list; history lists what was typed', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'sleep 10; echo never', 500);
    type(sim, 'labos-1', '^C', 20_000);
    expect(screen(sim, 'labos-1')).not.toContain('never');
    type(sim, 'labos-1', 'history');
    expect(lastOutput(sim, 'labos-1')).toEqual(['    1  sleep 10; echo never', '    2  history']);
  });

  it('sleep and unknown commands answer as coreutils and bash do', () => {
    const sim = makeSim();
    type(sim, 'labos-1', 'sleep');
    expect(lastOutput(sim, 'labos-1')).toEqual(['sleep: missing operand', "Try 'sleep --help' for more information."]);
    type(sim, 'labos-1', 'sleep abc');
    expect(lastOutput(sim, 'labos-1')[0]).toBe('sleep: invalid time interval ‘abc’');
    type(sim, 'labos-1', 'toString');
    expect(lastOutput(sim, 'labos-1')).toEqual(['bash: toString: command not found']);
    expect(sim.shells[0].lastExit).toBe(127);
  });
});

function screenHelpLine(sim: ReturnType<typeof makeSim>, i: number): string {
  type(sim, 'labos-1', 'help');
  return lastOutput(sim, 'labos-1')[i];
}

describe('more than one terminal per node', () => {
  it('runs conntrack -L in terminal 2 while nc holds terminal 1, and a link replays both', () => {
    const sim = engineSim();
    sim.command('labos-1', 'nc 192.168.3.1 22');
    sim.runUntil(500);
    sim.command('fw', 'conntrack -L', 2);
    const t2 = sim.world.console.filter((l) => l.node === 'fw' && l.tty === 2).map((l) => l.text);
    expect(t2.some((l) => l.startsWith('tcp') && l.includes('ESTABLISHED'))).toBe(true);
    expect(sim.shells[0].busy).toBe('nc 192.168.3.1 22');
    expect(sim.moreTerminals(1).map((s) => [s.tty, s.busy])).toEqual([[2, null]]);
    expect(sim.world.console.filter((l) => l.node === 'fw' && l.tty === undefined)).toEqual([]);
    // bad terminal numbers are not opened
    expect(sim.terminal(0, 0)).toBeNull();
    expect(sim.terminal(0, 99)).toBeNull();
    const shared = sim.share();
    expect(shared.inputs[1]).toMatchObject({ node: 'fw', command: 'conntrack -L', tty: 2 });
    const again = engineSim();
    again.replayShared(shared.inputs, shared.end);
    expect(again.world.console).toEqual(sim.world.console);
  });
});

describe('one list of command names', () => {
  it('the command table holds exactly the listed names', () => {
    expect([...COMMANDS.keys()].sort()).toEqual([...COMMAND_NAMES].sort());
  });
});

describe('iptables -t nat / mangle', () => {
  it('says in one line that the lab has no such table yet', () => {
    const sim = engineSim();
    for (const [line, table] of [['iptables -t nat -L', 'nat'], ['iptables -tmangle -A PREROUTING -j ACCEPT', 'mangle'], ['iptables --table=nat -S', 'nat']]) {
      type(sim, 'fw', line);
      const out = lastOutput(sim, 'fw');
      expect(out).toHaveLength(1);
      expect(out[0]).toContain(`no '${table}' table yet`);
      expect(sim.shells[1].lastExit).toBe(1);
    }
    type(sim, 'fw', 'iptables -t raw -S');
    expect(lastOutput(sim, 'fw')).toEqual(['-P PREROUTING ACCEPT', '-P OUTPUT ACCEPT']);
  });
});

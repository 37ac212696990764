/**
 * Names typed by the user that are also keys every JavaScript object has (`toString`,
 * `constructor`, `__proto__`, ...): each is only a name, answered as the real tool answers
 * a name it does not know (found by fuzzing: they used to throw inside the simulation).
 */
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../defaultScenario';
import { engineSim, lastOutput, type } from '../testing/harness';
import { OBJECT_KEY_NAMES } from '../testing/objectKeyNames';
import { Shell } from './shell';

describe('host, command and option names that are object keys', () => {
  it.each(OBJECT_KEY_NAMES)('%s is an unknown host to every client', (name) => {
    const sim = engineSim();
    const cases: [string, string][] = [
      [`ping -c 1 ${name}`, `ping: ${name}: Name or service not known`],
      [`dig @${name} example.com`, `dig: couldn't get address for '${name}': not found`],
      [`nc -z ${name} 80`, `Ncat: Could not resolve hostname "${name}": Name or service not known. QUITTING.`],
      [`curl http://${name}/`, `curl: (6) Could not resolve host: ${name}`],
    ];
    for (const [cmd, answer] of cases) {
      type(sim, 'labos-1', cmd, 2000);
      expect(lastOutput(sim, 'labos-1'), cmd).toEqual([answer]);
      expect(sim.shells[0].busy, cmd).toBeNull();
    }
  });

  it.each(OBJECT_KEY_NAMES)('%s is not a command, a port, a log level or a sysctl', (name) => {
    const sim = engineSim();
    type(sim, 'labos-1', name);
    expect(lastOutput(sim, 'labos-1')).toEqual([`bash: ${name}: command not found`]);
    type(sim, 'fw', `iptables -A INPUT -p tcp --dport ${name} -j ACCEPT`);
    expect(lastOutput(sim, 'fw')[0]).toContain(`invalid port/service \`${name}' specified`);
    type(sim, 'fw', `iptables -A INPUT -j LOG --log-level ${name}`);
    expect(lastOutput(sim, 'fw')[0]).toContain(`log level "${name}" unknown`);
    type(sim, 'fw', `sysctl -w net.netfilter.nf_conntrack_${name}=1`);
    expect(lastOutput(sim, 'fw')[0]).toMatch(/^sysctl: cannot stat .*: No such file or directory$/);
    type(sim, 'labos-1', `nc --${name} labos-2 80`);
    expect(lastOutput(sim, 'labos-1')[0]).toBe(`nc: unrecognized option '--${name}'`);
  });

  it('a command the scenario schedules (as a shared link does) is answered while the clock runs', () => {
    const sim = engineSim({ ...defaultScenario(), commands: [{ at: 100, node: 'labos-1', command: 'dig @constructor example.com' }] });
    expect(() => sim.runUntil(3000)).not.toThrow();
    expect(lastOutput(sim, 'labos-1')).toEqual(["dig: couldn't get address for 'constructor': not found"]);
  });

  it('a DNS question for such a name gets NXDOMAIN', () => {
    const sim = engineSim();
    type(sim, 'labos-1', 'dig toString', 2000);
    expect(lastOutput(sim, 'labos-1').join('\n')).toContain('status: NXDOMAIN');
  });

  it('a file of that name is not on the FTP server', () => {
    const sim = engineSim();
    type(sim, 'labos-1', 'curl ftp://labos-2/constructor', 3000);
    expect(lastOutput(sim, 'labos-1')).toEqual(['curl: (78) The file does not exist']);
  });
});

describe('a fault inside a command', () => {
  it('ends that command with a message and frees the console', () => {
    const sim = engineSim();
    const broken = new Map([['broken', () => { throw new TypeError('x.split is not a function'); }]]);
    const shell = new Shell(sim.world, sim.world.nodes[0], broken);
    shell.run('broken now');
    expect(lastOutput(sim, 'labos-1')).toEqual(['bash: broken: internal error of the simulator: x.split is not a function']);
    expect(shell.busy).toBeNull();
    expect(shell.lastExit).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { craftCommand, defaultForm, validateCraft } from './crafter';
import { completeCommand, historyStep } from './presets';
import { formatSpeed, posFromSpeed, speedFromPos } from '../transport/speed';

describe('console helpers', () => {
  it('completes command names with Tab', () => {
    expect(completeCommand('pi').text).toBe('ping ');
    expect(completeCommand('ipt')).toEqual({ text: 'iptables', candidates: ['iptables', 'iptables-restore', 'iptables-save'] });
    expect(completeCommand('zz').text).toBe('zz');
    expect(completeCommand('nc -v').text).toBe('nc -v');
  });

  it('walks the history', () => {
    const h = ['a', 'b', 'c'];
    expect(historyStep(h, -1, 'up')).toBe(2);
    expect(historyStep(h, 0, 'up')).toBe(0);
    expect(historyStep(h, 2, 'down')).toBe(-1);
    expect(historyStep([], -1, 'up')).toBe(-1);
  });
});

describe('packet crafter', () => {
  it('builds an hping3 command from a valid form', () => {
    const f = defaultForm('labos-1', '192.168.3.1');
    expect(validateCraft(f)).toEqual({});
    expect(craftCommand(f)).toBe('hping3 -c 1 -s 45000 -k -p 80 -S -M 0 -L 0 -w 64240 192.168.3.1');
    expect(craftCommand({ ...f, flags: ['FIN', 'PSH', 'URG'] })).toContain('-F -P -U');
    expect(craftCommand({ ...f, proto: 'icmp' })).toBe('hping3 -c 1 --icmp -C 8 -K 0 192.168.3.1');
    expect(craftCommand({ ...f, proto: 'udp', dport: '53' })).toBe('hping3 -c 1 --udp -s 45000 -k -p 53 192.168.3.1');
  });

  it('names every invalid field', () => {
    const f = { ...defaultForm('labos-1', '192.168.3.1'), dst: '300.1.1.1', sport: '70000', seq: '-1', src: 'x' };
    expect(validateCraft(f)).toEqual({ dst: 'craft.err.ip', sport: 'craft.err.port', seq: 'craft.err.u32', src: 'craft.err.ip' });
  });
});

describe('speed slider', () => {
  it('is logarithmic around ×1', () => {
    expect(speedFromPos(50)).toBe(1);
    expect(speedFromPos(0)).toBe(0.01);
    expect(speedFromPos(100)).toBe(100);
    expect(posFromSpeed(speedFromPos(30))).toBe(30);
    expect(formatSpeed(0.25)).toBe('×0.25');
    expect(formatSpeed(2)).toBe('×2');
  });
});

import { describe, expect, it } from 'vitest';
import { craftFields, defaultForm, validateCraft } from './crafter';
import { addToHistory, completeCommand, historyStep } from './presets';
import { formatSpeed, posFromSpeed, speedFromPos } from '../transport/speed';

describe('console helpers', () => {
  it('completes command names with Tab', () => {
    expect(completeCommand('pi').text).toBe('ping ');
    expect(completeCommand('ipt')).toEqual({ text: 'iptables', candidates: ['iptables', 'iptables-restore', 'iptables-save'] });
    expect(completeCommand('zz').text).toBe('zz');
    expect(completeCommand('nc -v').text).toBe('nc -v');
    expect(completeCommand('echo hi | gr', ['grep', 'nc']).text).toBe('echo hi | grep ');
  });

  it('completes host names and addresses after the command', () => {
    const words = ['labos-1', 'labos-2', 'fw', '192.168.1.1', '192.168.3.1'];
    expect(completeCommand('ping lab', undefined, words)).toEqual({ text: 'ping labos-', candidates: ['labos-1', 'labos-2'] });
    expect(completeCommand('nc -v 192.168.3', undefined, words).text).toBe('nc -v 192.168.3.1 ');
    expect(completeCommand('ping ', undefined, words)).toEqual({ text: 'ping ', candidates: [] });
    expect(completeCommand('ping xyz', undefined, words).text).toBe('ping xyz');
  });

  it('keeps a history without blank lines, leading-space lines or repeats', () => {
    let h: readonly string[] = [];
    for (const l of ['ping x', 'ping x', '', ' secret', 'nc -v y 80', 'ping x']) h = addToHistory(h, l);
    expect(h).toEqual(['ping x', 'nc -v y 80', 'ping x']);
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
  it('builds the request fields from a valid form', () => {
    const f = defaultForm('labos-1', '192.168.3.1');
    expect(validateCraft(f)).toEqual({});
    expect(craftFields(f)).toEqual({ proto: 'tcp', dst: '192.168.3.1', ttl: '64', sport: '45000', dport: '80', flags: 'SYN', seq: '0', ack: '0', win: '64240' });
    expect(craftFields({ ...f, flags: ['URG', 'FIN', 'PSH'] }).flags).toBe('FIN,PSH,URG');
    expect(craftFields({ ...f, proto: 'icmp' })).toEqual({ proto: 'icmp', dst: '192.168.3.1', ttl: '64', icmpType: '8', icmpCode: '0' });
    expect(craftFields({ ...f, proto: 'udp', dport: '53', payload: 'hi' })).toEqual({ proto: 'udp', dst: '192.168.3.1', ttl: '64', sport: '45000', dport: '53', payload: 'hi' });
  });

  it('names every invalid field', () => {
    const f = { ...defaultForm('labos-1', '192.168.3.1'), dst: '300.1.1.1', sport: '70000', seq: '-1', src: 'x' };
    expect(validateCraft(f)).toEqual({ dst: 'craft.err.ip', sport: 'craft.err.port', seq: 'craft.err.u32', src: 'craft.err.ip' });
  });
});

describe('speed slider', () => {
  it('is logarithmic, from slow motion to fast', () => {
    expect(speedFromPos(60)).toBe(1);
    expect(speedFromPos(0)).toBe(0.001);
    expect(speedFromPos(100)).toBe(100);
    expect(speedFromPos(posFromSpeed(0.05))).toBe(0.05);
    expect(posFromSpeed(speedFromPos(30))).toBe(30);
    expect(formatSpeed(0.25)).toBe('×0.25');
    expect(formatSpeed(2)).toBe('×2');
  });
});

/** Answer checking: choice sets, typed normalisation, command option order and forms, near misses. */
import { describe, expect, it } from 'vitest';
import { Question, type TypedQuestion, type ChoiceQuestion } from '../../src/content/schema.js';
import { checkChoices, checkTyped, commandForms, normalizeText, onlyPrompt } from '../../src/core/quiz/check.js';
import { loadContent } from '../../src/content/load.js';

const base = { objective: '330.3', prompt: { ja: '問', en: 'Q' }, explanation: { ja: '解説', en: 'Because' }, entries: ['x'] };
const why = { ja: '違う', en: 'wrong' };

function typed(extra: Record<string, unknown>): TypedQuestion {
  return Question.parse({ ...base, id: 't', kind: 'typed', ...extra }) as TypedQuestion;
}

const qemu = typed({
  answers: ['qemu-img convert -f raw -O qcow2 disk.img disk.qcow2'],
  match: 'command',
  caseSensitive: true,
});
const virsh = typed({
  answers: ['virsh vcpupin domain1 1 4 --live --config'],
  match: 'command',
});
const ls = typed({ answers: ['ls -l -a /etc/xen'], match: 'command', optionAliases: [['-a', '--all'], ['-l', '--format=long']] });
const migrate = typed({ answers: ['virsh migrate --live web01 qemu+ssh://host2/system'], match: 'command', optionAliases: [['-l', '--live']] });
const file = typed({ answers: ['/etc/xen/xl.conf'] });
const num = typed({ answers: ['4'] });

describe('typed answers', () => {
  it('accepts the answer with options in another order', () => {
    expect(checkTyped(qemu, 'qemu-img convert -O qcow2 -f raw disk.img disk.qcow2').correct).toBe(true);
    expect(checkTyped(virsh, 'virsh vcpupin domain1 1 4 --config --live').correct).toBe(true);
    expect(checkTyped(virsh, 'virsh vcpupin --config --live domain1 1 4').correct).toBe(true);
  });

  it('accepts the long form of an option (and --opt=value)', () => {
    expect(checkTyped(migrate, 'virsh migrate -l web01 qemu+ssh://host2/system').correct).toBe(true);
    expect(checkTyped(migrate, 'virsh migrate web01 qemu+ssh://host2/system --live').correct).toBe(true);
    expect(checkTyped(ls, 'ls --all --format=long /etc/xen').correct).toBe(true);
    expect(checkTyped(ls, 'ls -a --format=long /etc/xen').correct).toBe(true);
    const img = typed({ answers: ['qemu-img create -f qcow2 disk.qcow2 10G'], match: 'command', optionAliases: [['-f', '--format']] });
    expect(checkTyped(img, 'qemu-img create --format=qcow2 disk.qcow2 10G').correct).toBe(true);
    expect(checkTyped(img, 'qemu-img create disk.qcow2 10G --format qcow2').correct).toBe(true);
  });

  it('normalises NFKC, spacing, case and quoting', () => {
    expect(checkTyped(migrate, '  ＶＩＲＳＨ   migrate   --live  web01 qemu+ssh://host2/system ').correct).toBe(true);
    expect(checkTyped(file, '`/ETC/XEN/XL.CONF`').correct).toBe(true);
    expect(normalizeText('memory = 1024')).toBe('memory=1024');
    // Smart quotes from a phone keyboard read as plain ones.
    expect(normalizeText('autoballoon=“0”')).toBe('autoballoon="0"');
    expect(normalizeText('‘xl list’')).toBe('xl list');
  });

  it('keeps case when the answer is case-sensitive', () => {
    expect(checkTyped(qemu, 'qemu-img convert -f raw -o qcow2 disk.img disk.qcow2').correct).toBe(false);
  });

  it('keeps the case of options even when the answer ignores case (-c is not -C), and calls the swap close', () => {
    const lxcLs = typed({ answers: ['lxc-ls -f'], match: 'command', optionAliases: [['-f', '--fancy']] });
    // lxc-ls -F is --fancy-format, another option.
    expect(checkTyped(lxcLs, 'lxc-ls -F')).toEqual({ correct: false, nearMiss: true });
    expect(checkTyped(lxcLs, 'LXC-LS --fancy').correct).toBe(true);
    expect(checkTyped(lxcLs, 'lxc-ls --FANCY').correct).toBe(false);
    expect(checkTyped(migrate, 'virsh migrate --live WEB01 qemu+ssh://HOST2/system').correct).toBe(true);
  });

  it('refuses a wrong answer: other values, swapped positionals, a missing option', () => {
    expect(checkTyped(qemu, 'qemu-img convert -f qcow2 -O raw disk.img disk.qcow2').correct).toBe(false);
    expect(checkTyped(virsh, 'virsh vcpupin domain1 4 1 --live --config').correct).toBe(false);
    expect(checkTyped(virsh, 'virsh vcpupin domain1 1 4 --live').correct).toBe(false);
    expect(checkTyped(file, '/etc/xen/xend-config.sxp').correct).toBe(false);
    expect(checkTyped(file, '').correct).toBe(false);
  });

  it('tells a near miss (edit distance 1-2) that it is close but wrong', () => {
    const r = checkTyped(file, '/etc/xen/xl.cnf');
    expect(r).toEqual({ correct: false, nearMiss: true });
    expect(checkTyped(migrate, 'virsh migrat --live web01 qemu+ssh://host2/system')).toEqual({ correct: false, nearMiss: true });
    expect(checkTyped(file, '/etc/libvirt/qemu.conf').nearMiss).toBe(false);
  });

  it('does not call a one-character answer "close"', () => {
    expect(checkTyped(num, '5')).toEqual({ correct: false, nearMiss: false });
    expect(checkTyped(num, '４').correct).toBe(true);
  });

  it('reads option values both ways so a flag before a positional is not taken as its value', () => {
    const f = commandForms('virsh start --console web01', { caseSensitive: false, optionAliases: [] });
    expect(f.flags).toBe(commandForms('virsh start web01 --console', { caseSensitive: false, optionAliases: [] }).flags);
  });
});

describe('choice answers', () => {
  const single = Question.parse({
    ...base,
    id: 's',
    kind: 'single',
    choices: [{ text: 'a', correct: true }, { text: 'b', why }, { text: 'c', why }, { text: 'd', why }],
  }) as ChoiceQuestion;
  const two = Question.parse({
    ...base,
    id: 'm',
    kind: 'multiple',
    choices: [{ text: 'a', correct: true }, { text: 'b', why }, { text: 'c', correct: true }, { text: 'd', why }, { text: 'e', why }],
  }) as ChoiceQuestion;

  it('single: the one correct choice', () => {
    expect(checkChoices(single, [0]).correct).toBe(true);
    expect(checkChoices(single, [1]).correct).toBe(false);
  });

  it('choose two: both right picks and nothing else', () => {
    expect(checkChoices(two, [2, 0]).correct).toBe(true);
    expect(checkChoices(two, [0, 1]).correct).toBe(false); // one right pick is wrong
    expect(checkChoices(two, [0]).correct).toBe(false);
    expect(checkChoices(two, [0, 2, 3]).correct).toBe(false);
    expect(checkChoices(two, [0, 0]).correct).toBe(false);
  });
});

describe('typed commands copied with a shell prompt or sudo (questions from the bank)', () => {
  const bank = loadContent();
  const question = (id: string) => {
    const q = bank.questionById.get(id);
    if (!q || q.kind !== 'typed' || q.match !== 'command') throw new Error(`${id}: not a typed command question in the bank`);
    return q;
  };
  const listAll = question('q-330-5-typed-list-all');
  const addbr = question('q-330-3-typed-brctl-addbr');
  const xlList = question('q-330-2-typed-xl-list');

  it('ignores a leading "$ " or "# " prompt (the form the lookup examples print)', () => {
    for (const a of ['$ virsh list --all', '# virsh list --all', '$  virsh list --all', '`$ virsh list --all`', '$ `virsh list --all`', '＄ virsh list --all']) {
      expect(checkTyped(listAll, a), a).toEqual({ correct: true, nearMiss: false });
    }
    expect(checkTyped(xlList, '$ xl list').correct).toBe(true);
  });

  it('ignores a leading "sudo ", with or without a prompt', () => {
    for (const a of ['sudo brctl addbr br0', '$ sudo brctl addbr br0', '# sudo brctl addbr br0']) {
      expect(checkTyped(addbr, a), a).toEqual({ correct: true, nearMiss: false });
    }
    expect(checkTyped(listAll, 'sudo virsh list --all').correct).toBe(true);
  });

  it('still judges what follows: a wrong command after the prompt is wrong, a typo a near miss', () => {
    expect(checkTyped(listAll, '$ virsh list')).toEqual({ correct: false, nearMiss: false });
    expect(checkTyped(addbr, 'sudo brctl delbr br0').correct).toBe(false);
    expect(checkTyped(addbr, '$ sudo brctl addbr br1')).toEqual({ correct: false, nearMiss: true });
    // Only a leading prompt: "$" or "sudo" elsewhere is part of the answer.
    expect(checkTyped(listAll, 'virsh list --all $').correct).toBe(false);
    expect(checkTyped(addbr, 'brctl sudo addbr br0').correct).toBe(false);
    expect(checkTyped(addbr, '$brctl addbr br0').correct).toBe(false);
  });

  it('a command name or path asked as text (match: text) is taken with a prompt or sudo too', () => {
    const xentop = bank.questionById.get('q-330-2-typed-xentop');
    if (!xentop || xentop.kind !== 'typed' || xentop.match === 'command') throw new Error('q-330-2-typed-xentop: not a typed text question in the bank');
    for (const a of ['xentop', '$ xentop', '# xentop', 'sudo xentop']) expect(checkTyped(xentop, a), a).toEqual({ correct: true, nearMiss: false });
  });

  it('a prompt or sudo alone is no answer (refused as empty, not recorded)', () => {
    for (const a of ['$', '#', 'sudo', '$ sudo', '`$`', '＄']) expect(onlyPrompt(a), a).toBe(true);
    for (const a of ['xentop', '$ xentop', 'sudo -i', '0']) expect(onlyPrompt(a), a).toBe(false);
  });
});

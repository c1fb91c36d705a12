import { randomBytes } from 'node:crypto';
import { mapPersonal, openPersonal, resealPersonal, sealPersonal, usePersonalData } from '@renshe/db';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env.ts';
import {
  createFieldCipher,
  type DataKey,
  developmentFieldCipher,
  FieldCipherError,
  fieldCipherFrom,
  parseDataHmacKey,
  parseDataKeyList,
} from './field-cipher.ts';

const b64 = () => randomBytes(32).toString('base64');
const key = (id: string): DataKey => {
  const r = parseDataKeyList(`${id}:${b64()}`);
  if (!r.ok) throw new Error(r.message);
  return r.keys[0]!;
};
const hmac = () => {
  const r = parseDataHmacKey(b64());
  if (!r.ok) throw new Error(r.message);
  return r.key;
};
const ID = '140105199003071234';

/** The error a throwing call raised. */
function failure(f: () => unknown): FieldCipherError {
  try {
    f();
  } catch (e) {
    return e as FieldCipherError;
  }
  throw new Error('did not throw');
}

describe('field cipher', () => {
  const k1 = key('k1');
  const h = hmac();
  const cipher = createFieldCipher([k1], h);

  it('round-trips any text, with a fresh IV every time', () => {
    for (const plain of [ID, '13800001234', '', '王晓明 · 太原市小店区坞城路 88 号', 'x'.repeat(5000)]) {
      const sealed = cipher.seal(plain);
      expect(sealed).toMatch(/^v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22,}$/);
      expect(sealed).not.toContain(plain || '\u0000');
      expect(cipher.open(sealed)).toBe(plain);
      expect(cipher.keyIdOf(sealed)).toBe('k1');
    }
    expect(cipher.seal(ID)).not.toBe(cipher.seal(ID));
    expect(cipher.keyIdOf(ID)).toBeNull();
    expect(cipher.keyIdOf('v1:k1:short:x')).toBeNull();
  });

  it('detects any change to a sealed value: ciphertext, tag, IV, or its key id', () => {
    const sealed = cipher.seal(ID);
    const [v, id, iv, body] = sealed.split(':') as [string, string, string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const altered of [
      `${v}:${id}:${iv}:${flip(body, 0)}`, // ciphertext
      `${v}:${id}:${iv}:${flip(body, body.length - 2)}`, // tag
      `${v}:${id}:${flip(iv, 3)}:${body}`, // IV
    ]) {
      expect(failure(() => cipher.open(altered)).reason).toBe('tampered');
    }
    // The key id is authenticated: renamed to another id of the very same key, the value fails.
    const twoIds = createFieldCipher([k1, { id: 'k2', secret: k1.secret }], h);
    expect(twoIds.open(sealed)).toBe(ID);
    expect(failure(() => twoIds.open(`${v}:k2:${iv}:${body}`)).reason).toBe('tampered');
    expect(failure(() => cipher.open(`${v}:${id}:${iv}:${body.slice(0, 24)}`)).reason).toBe('tampered');
    expect(failure(() => cipher.open('v2:k1:aaaaaaaaaaaaaaaa:bbbbbbbbbbbbbbbbbbbbbbbb')).reason).toBe(
      'malformed',
    );
    expect(failure(() => cipher.open(ID)).reason).toBe('malformed');
  });

  it('refuses a value sealed under a key id it does not hold', () => {
    const other = createFieldCipher([key('k9')], h);
    const e = failure(() => cipher.open(other.seal(ID)));
    expect(e).toBeInstanceOf(FieldCipherError);
    expect(e.reason).toBe('unknown_key');
    expect(e.message).toContain('k9');
    expect(e.message).not.toContain(ID);
  });

  it('rotates: the new key seals, the old one still opens, and without it old values are unreadable', () => {
    const old = cipher.seal(ID);
    const k2 = key('k2');
    const rotating = createFieldCipher([k2, k1], h);
    expect(rotating.open(old)).toBe(ID);
    const fresh = rotating.seal(ID);
    expect(rotating.keyIdOf(fresh)).toBe('k2');
    const after = createFieldCipher([k2], h);
    expect(after.open(fresh)).toBe(ID);
    expect(failure(() => after.open(old)).reason).toBe('unknown_key');
  });

  it('gives equal lookup hashes for equal text and purpose, under this key only', () => {
    expect(cipher.lookup('login', ID)).toBe(createFieldCipher([key('k2')], h).lookup('login', ID));
    expect(cipher.lookup('login', ID)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cipher.lookup('login', ID)).not.toBe(cipher.lookup('rate-limit:id', ID));
    expect(cipher.lookup('login', ID)).not.toBe(cipher.lookup('login', '140105199003071242'));
    expect(cipher.lookup('login', ID)).not.toBe(createFieldCipher([k1], hmac()).lookup('login', ID));
  });

  it('reads DATA_KEYS and DATA_HMAC_KEY, reporting every bad entry; production needs real keys', () => {
    const problems = (e: Record<string, string>) => {
      const r = parseEnv(e);
      return r.ok ? [] : r.problems;
    };
    const ok = parseEnv({ DATA_KEYS: `2026b:${b64()},2026a:${b64()}`, DATA_HMAC_KEY: b64() });
    if (!ok.ok) throw new Error(ok.problems.join());
    const configured = fieldCipherFrom(ok.env);
    expect(configured).toMatchObject({
      currentKeyId: '2026b',
      keyIds: ['2026b', '2026a'],
      development: false,
    });
    expect(problems({ DATA_KEYS: `a:${randomBytes(16).toString('base64')},a:${b64()},nocolon` })).toEqual([
      expect.stringMatching(
        /^DATA_KEYS: entry 1 \(a\): an AES-256 key is 32 bytes \(got 16\); entry 2: key id a given twice; entry 3: expected id:key/,
      ),
    ]);
    expect(problems({ DATA_HMAC_KEY: 'abc' })).toEqual([
      expect.stringMatching(/^DATA_HMAC_KEY: needs at least 32 bytes/),
    ]);
    const prod = { NODE_ENV: 'production', AUDIT_HMAC_KEY: 'ab'.repeat(32) };
    expect(problems(prod)).toEqual([
      expect.stringMatching(/^DATA_KEYS: required when NODE_ENV=production/),
      expect.stringMatching(/^DATA_HMAC_KEY: required when NODE_ENV=production/),
    ]);
    const devKey = '72656e7368652d6465762d646174612d6b65792d6e6f742d612d736563726574';
    expect(problems({ ...prod, DATA_KEYS: `new:${b64()},dev:${devKey}`, DATA_HMAC_KEY: b64() })).toEqual([
      'DATA_KEYS: the public development keys are refused when NODE_ENV=production',
    ]);
    expect(problems({ ...prod, DATA_KEYS: `k1:${b64()}`, DATA_HMAC_KEY: b64() })).toEqual([]);
    expect(fieldCipherFrom({})).toMatchObject({ currentKeyId: 'dev', development: true });
    expect(developmentFieldCipher().development).toBe(true);
  });
});

describe('personal positions in stored JSON', () => {
  const fields = new Set(['motherIdNumber', 'phone', 'citizenIdNumber']);
  const cipher = createFieldCipher([key('k1')], hmac());

  it('are the properties named by a personal field id and the value of an { id, value } entry naming one', () => {
    const seen: string[] = [];
    const body = {
      data: { form: { motherIdNumber: ID, childName: '王小禾', phone: '13900005678' } },
      result: { citizenIdNumber: '14010520240820002X', certificateNumber: 'X140105318' },
      parts: [
        { id: 'citizenIdNumber', label: '新生儿公民身份号码', value: '14010520240820002X' },
        { id: 'certificateNumber', label: '编号', value: 'X1' },
      ],
      opinion: `经办 ${ID}`,
    };
    const out = mapPersonal(
      body,
      (s) => {
        seen.push(s);
        return 'S';
      },
      fields,
    );
    expect(seen).toEqual([ID, '13900005678', '14010520240820002X', '14010520240820002X']);
    expect(out).toEqual({
      data: { form: { motherIdNumber: 'S', childName: '王小禾', phone: 'S' } },
      result: { citizenIdNumber: 'S', certificateNumber: 'X140105318' },
      parts: [
        { id: 'citizenIdNumber', label: '新生儿公民身份号码', value: 'S' },
        { id: 'certificateNumber', label: '编号', value: 'X1' },
      ],
      opinion: `经办 ${ID}`, // free text is not a field: masked on the way out, not sealed
    });
    expect(body.data.form.motherIdNumber).toBe(ID); // a copy; the input is untouched
    const none = { a: [1, { b: 'c' }] };
    expect(mapPersonal(none, () => 'S', fields)).toBe(none);
  });

  it('are sealed once, opened back, and re-sealed under the current key only when they are not', () => {
    usePersonalData({ cipher, personalFields: fields });
    const form = { motherIdNumber: ID, phone: '13900005678', settleWith: 'father' };
    const sealed = sealPersonal(form);
    expect(JSON.stringify(sealed)).not.toContain(ID);
    expect(sealPersonal(sealed)).toBe(sealed);
    expect(openPersonal(sealed)).toEqual(form);
    expect(resealPersonal(sealed)).toBeNull();
    const k2 = key('k2');
    usePersonalData({ cipher: createFieldCipher([k2, key('k1')], hmac()), personalFields: fields });
    // k1 here is a different key with the same id: the value does not verify, and nothing is guessed.
    expect(() => openPersonal(sealed)).toThrow(/does not verify/);
    usePersonalData({ cipher, personalFields: fields });
    const resealed = resealPersonal({ ...form, phone: sealed.phone });
    expect(resealed?.motherIdNumber).toMatch(/^v1:k1:/);
    expect(openPersonal(resealed)).toEqual(form);
  });
});

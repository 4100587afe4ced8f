import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseProfile } from '../../src/core/http/profileChoice';

const profiles = [
  { name: 'boss', role: 'MANAGER' },
  { name: 'till-1', role: 'CASHIER' },
  { name: 'till-2', role: 'CASHIER' },
  { name: 'me', role: 'CUSTOMER' },
];
const pick = (annotations: { profile?: string; role?: string }, active?: (typeof profiles)[number]) => {
  const choice = chooseProfile(profiles, annotations, active);
  return 'profile' in choice ? choice.profile.name : choice.problem;
};

describe('choosing the profile a request is sent as', () => {
  it('follows # @profile, then # @role, then the active profile', () => {
    assert.equal(pick({ profile: 'me' }, profiles[0]), 'me');
    assert.equal(pick({ role: 'manager' }), 'boss');
    assert.equal(pick({ role: 'CASHIER' }, profiles[2]), 'till-2', 'the active profile wins when it has the role');
    assert.equal(pick({}, profiles[3]), 'me');
  });

  it('explains what cannot be chosen', () => {
    assert.match(pick({ profile: 'ghost' }), /no profile has that name \(profiles: boss, till-1, till-2, me\)/);
    assert.match(pick({ role: 'AGENT' }), /no profile has that role/);
    assert.match(pick({ role: 'CASHIER' }), /2 profiles have that role \(till-1, till-2\); name one with # @profile/);
    assert.match(pick({}), /choose a profile: 4 are available/);
    const single = chooseProfile([profiles[0]!], {});
    assert.ok('profile' in single && single.profile.name === 'boss');
  });
});

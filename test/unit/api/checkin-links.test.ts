import { checkinDeepLink } from '../../../src/api/checkin-links';

describe('the QR code’s Teams deep link', () => {
  it('opens the personal tab in Teams with the code as its sub-entity', () => {
    const link = checkinDeepLink('b3c1f5a2-0000-4000-8000-000000000abc', 'K7M2QX');
    expect(link).toBe(
      'https://teams.microsoft.com/l/entity/b3c1f5a2-0000-4000-8000-000000000abc/classement?context=' +
        encodeURIComponent('{"subEntityId":"pointage:K7M2QX"}'),
    );
    expect(JSON.parse(new URL(link).searchParams.get('context')!)).toEqual({
      subEntityId: 'pointage:K7M2QX',
    });
  });
});

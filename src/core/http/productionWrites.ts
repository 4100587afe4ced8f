// When a request to a production environment asks before it goes out (fincode.confirmProductionWrites).

/** A write (not GET/HEAD) to a production environment asks first, unless the setting is off. */
export function needsProductionConfirmation(method: string, environmentKind: string | undefined, confirmSetting: boolean): boolean {
  const upper = method.toUpperCase();
  return confirmSetting && environmentKind === 'production' && upper !== 'GET' && upper !== 'HEAD';
}

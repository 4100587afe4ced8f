// Demo configuration endpoints: settings areas (KYC/AML, tenant, agents, markups) and plugins.
// With `own` access a caller changes its own settings, kept apart from the tenant's.
import { demoReply, listReply, ownedItem, ownerKey, shown, type DemoCall, type RecordView } from './demoAccess';
import { SETTINGS_DEFAULTS, TENANT_OWNER, type Plugin, type Scalar, type SettingsArea } from './demoData';
import type { Reply } from './reply';
import { bodyObject, requiredBoolean, requiredString, settingsPatch } from './validate';

/** Plugins belong to the tenant: nobody owns one personally. */
const PLUGIN_VIEW: RecordView<Plugin> = {
  owners: () => [TENANT_OWNER],
  limited: ({ id, enabled }) => ({ id, enabled }),
};

export function settingsUpdater(area: SettingsArea): (call: DemoCall) => Reply {
  return (call) => {
    const patch = settingsPatch(call.ctx.body);
    const owner = call.grant === 'own' ? ownerKey(call.principal) : TENANT_OWNER;
    const byOwner = call.ctx.state.demo.settings.get(area) ?? new Map<string, Record<string, Scalar>>();
    const settings = { ...(byOwner.get(owner) ?? SETTINGS_DEFAULTS[area]), ...patch };
    byOwner.set(owner, settings);
    call.ctx.state.demo.settings.set(area, byOwner);
    return demoReply(call, 200, call.grant === 'limited' ? { owner, updated: Object.keys(patch) } : { owner, settings });
  };
}

export function listPlugins(call: DemoCall): Reply {
  return listReply(call, call.ctx.state.demo.plugins, PLUGIN_VIEW);
}

export function updatePlugin(call: DemoCall): Reply {
  const body = bodyObject(call.ctx.body);
  const plugin = ownedItem(call, call.ctx.state.demo.plugins, requiredString(body, 'id'), PLUGIN_VIEW);
  plugin.enabled = requiredBoolean(body, 'enabled');
  return demoReply(call, 200, shown(call, plugin, PLUGIN_VIEW));
}

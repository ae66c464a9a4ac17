import { JsonValue, arrayAt, isObject, walkStrings } from './json-paths';
import { Problem } from './problem';

/*
 * What Teams refuses (or silently breaks on) that the JSON schema cannot say: ids that must be GUIDs and
 * agree with each other, hosts that must be listed in validDomains, https links, and the sign-in address.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXAMPLE_GUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

// Opened in the person's browser, never inside Teams, so Teams does not need their hosts in validDomains.
const BROWSER_LINKS = new Set(['developer.websiteUrl', 'developer.privacyUrl', 'developer.termsOfUseUrl']);

export interface RuleContext {
  /** BOT_ID from the environment: the bot registration the manifest must point at. */
  botId?: string;
  envFile: string;
}

function guidPaths(manifest: Record<string, JsonValue>): Array<[string, string, JsonValue | undefined]> {
  const paths: Array<[string, string, JsonValue | undefined]> = [['id', 'The app id', manifest.id]];
  arrayAt(manifest, 'bots').forEach((bot, i) => paths.push([`bots[${i}].botId`, 'The bot id', isObject(bot) ? bot.botId : undefined]));
  arrayAt(manifest, 'composeExtensions').forEach((extension, i) => {
    if (isObject(extension) && extension.botId !== undefined)
      paths.push([`composeExtensions[${i}].botId`, 'The message extension bot id', extension.botId]);
  });
  if (isObject(manifest.webApplicationInfo)) paths.push(['webApplicationInfo.id', 'The sign-in app id', manifest.webApplicationInfo.id]);
  return paths;
}

function idsAreGuids(manifest: Record<string, JsonValue>): Problem[] {
  return guidPaths(manifest)
    .filter(([, , value]) => value !== undefined && (typeof value !== 'string' || !GUID.test(value)))
    .map(([path, label, value]) => ({
      path,
      message: `${label} (${path}) must be a GUID, like ${EXAMPLE_GUID}; it is ${JSON.stringify(value)}.`,
    }));
}

function botIdMatches(manifest: Record<string, JsonValue>, context: RuleContext): Problem[] {
  const bots = arrayAt(manifest, 'bots');
  if (bots.length === 0) return [];
  if (!context.botId)
    return [
      {
        path: 'bots[0].botId',
        message: `BOT_ID is not set in ${context.envFile}, so the bot's id cannot be checked against its Azure Bot registration.`,
      },
    ];
  return bots.flatMap((bot, i) => {
    const botId = isObject(bot) ? bot.botId : undefined;
    if (typeof botId !== 'string' || !GUID.test(botId) || botId.toLowerCase() === context.botId!.toLowerCase()) return [];
    return [
      {
        path: `bots[${i}].botId`,
        message:
          `bots[${i}].botId is ${botId}, but BOT_ID in ${context.envFile} is ${context.botId}: Teams would send messages to a bot ` +
          'that is not ours. Use ${{BOT_ID}} in the manifest.',
      },
    ];
  });
}

/** A validDomains entry is a bare host (optionally *. in front, optionally :port), never a URL. */
const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}(:\d{1,5})?$/i;
const LOCAL_DOMAIN = /^localhost(:\d{1,5})?$/i;

function domainsAreHosts(domains: JsonValue[]): Problem[] {
  const problems: Problem[] = [];
  domains.forEach((domain, i) => {
    const path = `validDomains[${i}]`;
    if (typeof domain !== 'string') return;
    if (domain.trim() === '') problems.push({ path, message: `${path} is empty.` });
    else if (domain.includes('://') || domain.includes('/')) {
      problems.push({
        path,
        message: `${path} must be a host name only, like council.example.gov.uk, without https:// or a path; it is "${domain}".`,
      });
    } else if (!DOMAIN.test(domain) && !LOCAL_DOMAIN.test(domain)) {
      problems.push({
        path,
        message: `${path} is not a host name Teams accepts (a wildcard may only be a leading "*." before a full domain); it is "${domain}".`,
      });
    } else if (domains.findIndex((other) => typeof other === 'string' && other.toLowerCase() === domain.toLowerCase()) !== i) {
      problems.push({ path, message: `${path} repeats "${domain}"; list each domain once.` });
    }
  });
  return problems;
}

function domainAllows(domain: string, url: URL): boolean {
  const wanted = domain.toLowerCase();
  const candidates = [url.host.toLowerCase(), url.hostname.toLowerCase()];
  if (wanted.startsWith('*.')) return candidates.some((host) => host.endsWith(wanted.slice(1)) && host.length > wanted.length - 1);
  return candidates.includes(wanted);
}

/** Hosts are only checked against a validDomains list that is itself right; otherwise its problems say why. */
function urlsAreAllowed(manifest: Record<string, JsonValue>, domainsAreRight: boolean): Problem[] {
  const domains = arrayAt(manifest, 'validDomains').filter((domain): domain is string => typeof domain === 'string');
  const problems: Problem[] = [];
  walkStrings(manifest, (path, value) => {
    if (path === '$schema' || path.startsWith('validDomains[') || !/^(https?|api):\/\//i.test(value)) return;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      problems.push({ path, message: `${path} is not a valid URL: "${value}".` });
      return;
    }
    const isSignInResource = path === 'webApplicationInfo.resource';
    if (url.protocol !== 'https:' && !(isSignInResource && url.protocol === 'api:')) {
      problems.push({ path, message: `${path} must start with https:// (Teams refuses plain http); it is "${value}".` });
      return;
    }
    if (BROWSER_LINKS.has(path) || !domainsAreRight) return;
    if (!domains.some((domain) => domainAllows(domain, url))) {
      problems.push({
        path,
        message:
          `${path} is on ${url.host}, which is not in validDomains (${domains.join(', ') || 'none listed'}): Teams will refuse to ` +
          'open it. Add the host to validDomains or correct the URL.',
      });
    }
  });
  return problems;
}

function signInMatches(manifest: Record<string, JsonValue>): Problem[] {
  const info = manifest.webApplicationInfo;
  const permissions = isObject(manifest.authorization) ? manifest.authorization.permissions : undefined;
  const problems: Problem[] = [];
  // Teams grants resource-specific permissions to the app registration named here.
  if (arrayAt(permissions, 'resourceSpecific').length > 0 && !(isObject(info) && typeof info.id === 'string')) {
    problems.push({
      path: 'webApplicationInfo',
      message:
        'The meeting permissions in authorization.permissions.resourceSpecific need webApplicationInfo.id (the sign-in app registration).',
    });
  }
  if (!isObject(info) || typeof info.id !== 'string' || typeof info.resource !== 'string') return problems;
  // Tab sign-in resolves the Application ID URI api://<host>/<client id>; any other shape fails at sign-in.
  const match = /^api:\/\/([^/]+)\/(.+)$/.exec(info.resource);
  if (!match || match[2]!.toLowerCase() !== info.id.toLowerCase()) {
    problems.push({
      path: 'webApplicationInfo.resource',
      message: `webApplicationInfo.resource must be api://<tab host>/<webApplicationInfo.id>, so Teams sign-in finds the app registration; it is "${info.resource}".`,
    });
  }
  return problems;
}

function schemaUrlMatchesVersion(manifest: Record<string, JsonValue>): Problem[] {
  const { $schema: schemaUrl, manifestVersion } = manifest;
  if (typeof schemaUrl !== 'string' || typeof manifestVersion !== 'string' || schemaUrl.includes(`/v${manifestVersion}/`)) return [];
  return [{ path: '$schema', message: `$schema points at a different version from manifestVersion ${manifestVersion}: "${schemaUrl}".` }];
}

export function checkManifestRules(manifest: unknown, context: RuleContext): Problem[] {
  if (!isObject(manifest)) return [{ message: 'The manifest must be a JSON object.' }];
  const domainProblems = domainsAreHosts(arrayAt(manifest, 'validDomains'));
  return [
    ...schemaUrlMatchesVersion(manifest),
    ...idsAreGuids(manifest),
    ...botIdMatches(manifest, context),
    ...domainProblems,
    ...urlsAreAllowed(manifest, domainProblems.length === 0),
    ...signInMatches(manifest),
  ];
}

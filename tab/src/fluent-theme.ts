import { Theme, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, webLightTheme } from '@fluentui/react-components';
import type { HostTheme, TeamsHost } from './teams-host';

const TEAMS_THEMES: Record<HostTheme, Theme> = {
  default: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

/** Inside Teams the tab follows the Teams theme, so it does not glare in a dark meeting. */
export function fluentTheme(host: TeamsHost): Theme {
  return host.state === 'teams' ? TEAMS_THEMES[host.context.theme] : webLightTheme;
}

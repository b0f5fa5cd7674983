/** The localStorage key of the settings (settings.ts); tests and benchmarks import it. Renaming it loses users' settings. */
export const SETTINGS_KEY = 'settings-v1';

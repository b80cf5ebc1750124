/** Where the console signs in: served by the platform (GET /console/config.json), not baked into the build. */
export interface ConsoleConfig {
  /** The OpenID Connect issuer (Keycloak's realm URL). */
  authority: string;
  /** The console's public client (authorization code with PKCE). */
  clientId: string;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`config.json: HTTP ${response.status}`);
  }
  const config = (await response.json()) as Partial<ConsoleConfig>;
  if (!config.authority || !config.clientId) {
    throw new Error('config.json names no authority or clientId');
  }
  return { authority: config.authority, clientId: config.clientId };
}

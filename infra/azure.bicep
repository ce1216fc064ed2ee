// Défi numérique: production hosting in one resource group.
//
//   Storage account   Tables (teams, agents, answers, check-ins…) and Queues (proactive message fan-out)
//   App Service       one Linux B1 web app running `npm start`: the bot (/api/messages), the tab's API
//                     and the tab (/tab/), all on one host, which is the manifest's BOT_DOMAIN
//   Azure Bot         the Bot Framework registration, pointing at the web app, with the Teams channel on
//
// Deploy (after creating the Entra app registration of the bot, with a client secret):
//   az deployment group create -g <resource group> -f infra/azure.bicep \
//     -p infra/azure.parameters.json -p microsoftAppPassword=<client secret>
// Then put the outputs into env/.env.prod (BOT_DOMAIN = webAppHostName, TAB_ENDPOINT = tabEndpoint) and
// run `npm run package -- prod`.
//
// Identity choices, on purpose:
// - The bot signs in with a single-tenant app registration and a client secret (MicrosoftAppType
//   SingleTenant), passed as a @secure() parameter and stored as an app setting (encrypted at rest, not in
//   any file of the repository). A user-assigned managed identity (msaAppType UserAssignedMSI) would avoid
//   the secret, but it only exists inside Azure: the same app registration could not serve a developer's
//   tunnel, and the tab's single sign-on (AAD_APP_CLIENT_ID, audience api://<host>/<client id>) needs an app
//   registration anyway. Rotate the secret before it expires; a Key Vault reference is the next step if the
//   organisation wants one (`@Microsoft.KeyVault(SecretUri=…)` as the setting's value).
// - Storage is reached with a connection string built from the account key (listKeys), because the app
//   reads AZURE_STORAGE_CONNECTION_STRING and nothing else. Moving to a managed identity needs a code change
//   (a TokenCredential for the Tables and Queues clients) plus role assignments.

targetScope = 'resourceGroup'

@description('Azure region for the storage account and the web app.')
param location string = resourceGroup().location

@description('Base name: the web app is <name>.azurewebsites.net (globally unique) and the Azure Bot has the same name.')
@minLength(4)
@maxLength(40)
param appName string = 'defi-numerique-${uniqueString(resourceGroup().id)}'

@description('Storage account name: 3 to 24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param storageAccountName string = 'defi${uniqueString(resourceGroup().id)}'

@description('Client id of the bot\'s Entra app registration (MicrosoftAppId; BOT_ID in env/.env.<name>).')
param botAppId string

@description('A client secret of that app registration. Never put it in a parameters file.')
@secure()
param microsoftAppPassword string

@description('Entra tenant of the app registrations (single tenant).')
param tenantId string = tenant().tenantId

@description('Client id of the app registration used for the tab\'s single sign-on (often the bot\'s own).')
param aadAppClientId string = botAppId

@description('The Teams app id of the manifest (TEAMS_APP_ID in env/.env.<name>), for deep links to the tab.')
param teamsAppId string

@description('Entra object ids of the organisers, separated by commas (may be empty).')
param organiserIds string = ''

@description('Local time (HH:MM, Europe/Paris) of the afternoon quiz reminder, or "off".')
param reminderAt string = '14:00'

@description('Prefix of the table names, so several challenges can share one storage account.')
param tablePrefix string = 'defi'

@description('Display name of the Azure Bot (shown in the Azure portal, not in Teams).')
param botDisplayName string = 'Défi numérique'

param tags object = {
  application: 'defi-numerique'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The app connects with the account key (see the note at the top).
    allowSharedKeyAccess: true
    accessTier: 'Hot'
  }
}

var storageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${appName}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: 'B1'
    tier: 'Basic'
  }
  properties: {
    reserved: true // Linux
  }
}

// The web app's host name, known before it exists: its own settings need it (PUBLIC_URL), which
// webApp.properties.defaultHostName cannot give them (a resource cannot refer to itself).
var webAppHostName = '${appName}.azurewebsites.net'

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      // Node 22 LTS (Node 20 left long-term support on 2026-04-30); every pinned dependency runs on 20 and 22,
      // and the development machines stay on 20.
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'npm start'
      // The minute scheduler and the delivery workers live in the process: it must not be unloaded.
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/readyz' // the store answers too: an instance that cannot reach it gets no traffic
      appSettings: [
        // PORT is set by App Service; HOST defaults to 0.0.0.0 once MicrosoftAppId is set.
        { name: 'NODE_ENV', value: 'production' }
        { name: 'MicrosoftAppId', value: botAppId }
        { name: 'MicrosoftAppType', value: 'SingleTenant' }
        { name: 'MicrosoftAppTenantId', value: tenantId }
        { name: 'MicrosoftAppPassword', value: microsoftAppPassword }
        { name: 'AZURE_STORAGE_CONNECTION_STRING', value: storageConnectionString }
        { name: 'TABLE_PREFIX', value: tablePrefix }
        { name: 'AAD_APP_CLIENT_ID', value: aadAppClientId }
        { name: 'AAD_APP_TENANT_ID', value: tenantId }
        { name: 'TEAMS_APP_ID', value: teamsAppId }
        { name: 'ORGANISER_IDS', value: organiserIds }
        { name: 'PUBLIC_URL', value: 'https://${webAppHostName}' }
        { name: 'REMINDER_AT', value: reminderAt }
        // The demo challenge is for trying the app; production starts empty.
        { name: 'DEMO', value: 'false' }
        { name: 'LOG_LEVEL', value: 'info' }
        // Zip deploys run `npm ci` on the server (Oryx), so node_modules is not uploaded.
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
        // Left at their defaults on purpose: BROADCAST_RATE_PER_SECOND (50, Teams' per-app limit),
        // BROADCAST_MAX_TRIES, BROADCAST_CONCURRENCY, BROADCAST_IDLE_POLL_MS, SCHEDULER, WORKERS, INSTANCE_ID,
        // HOST, DATA_DIR (unused with a connection string), AAD_JWKS_URI and the Bot Framework auth
        // overrides (public cloud).
      ]
    }
  }
}

// No FTP with a user name and password (FTPS is off above too). Deploy with Entra credentials
// (`az webapp deploy`, or a pipeline signed in with OIDC).
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

var botEndpoint = 'https://${webApp.properties.defaultHostName}/api/messages'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: appName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: botEndpoint
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

@description('Host name of the web app: BOT_DOMAIN for the manifest.')
output webAppHostName string = webApp.properties.defaultHostName

@description('The messaging endpoint the Azure Bot posts to.')
output botEndpoint string = botEndpoint

@description('TAB_ENDPOINT for the manifest.')
output tabEndpoint string = 'https://${webApp.properties.defaultHostName}'

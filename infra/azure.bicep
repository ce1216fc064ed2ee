// Défi numérique: production hosting in one resource group, with no secret anywhere.
//
//   Managed identity   id-<appName>: the bot's identity (Azure Bot, UserAssignedMSI), Storage by role, and the
//                      federated credential of the tab's app registration for Microsoft Graph: no client
//                      secret, no account key
//   Storage account    Tables (agents, teams, events…) and Queues (the fan-out of proactive messages);
//                      shared keys turned off: only Entra identities with a data role get in
//   App Service        Linux, Node 22 LTS, running the zip of `npm run package:server` as is
//                      (WEBSITE_RUN_FROM_PACKAGE, `node dist/main.js`, nothing built on the server);
//                      the bot (/api/messages), the tab's API and the tab (/tab/) on one host
//   Azure Bot          the registration pointing at the web app, Teams channel on, in a region of your choice
//   Log Analytics +    the app's structured logs (ids, never names or texts) and request telemetry
//   Application Insights
//
// Step by step, for a city's IT team: docs/deploy.md. In short:
//   infra/entra-app.sh <host name>            the tab's app registration (single sign-on, Graph permissions)
//   az deployment group create -g <rg> -f infra/azure.bicep -p infra/azure.parameters.json
//   infra/entra-app.sh <host name> <identityPrincipalId>   trusts the managed identity (federated credential)
//   npm run package:server && az webapp deploy -g <rg> -n <webAppName> --src-path build/server.zip --type zip
// This file is kept close to Microsoft's documented samples; test/unit/infra/app-settings.test.ts holds its app
// settings against what src/config.ts reads (no Bicep compiler runs in CI).

targetScope = 'resourceGroup'

@description('Azure region for everything but the bot (France Central or West Europe keep data in the EU).')
param location string = resourceGroup().location

@description('Base name: the web app is <appName>.azurewebsites.net (globally unique); the bot has the same name.')
@minLength(4)
@maxLength(40)
param appName string = 'defi-numerique-${uniqueString(resourceGroup().id)}'

@description('Storage account name: 3 to 24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param storageAccountName string = 'defi${uniqueString(resourceGroup().id)}'

@description('Where the Azure Bot keeps and processes its data: westeurope (EU data residency), centralindia, or global.')
@allowed([
  'westeurope'
  'centralindia'
  'global'
])
param botLocation string = 'westeurope'

@description('Client id of the tab\'s Entra app registration (single sign-on and Graph; infra/entra-app.sh prints it).')
param tabAppClientId string

@description('The Teams app id of the manifest (TEAMS_APP_ID in env/.env.<name>), for deep links to the tab.')
param teamsAppId string

@description('The app\'s id in the organisation\'s catalogue, known once the package is uploaded (empty until then: no installation for everyone).')
param teamsAppCatalogId string = ''

@description('Entra group whose members are the organisers (may be empty).')
param organiserGroupId string = ''

@description('Entra object ids of organisers, separated by commas (may be empty).')
param organiserIds string = ''

@description('Entra group whose members take part (empty: the whole tenant).')
param rosterGroupId string = ''

@description('The challenge\'s language, fr or en: the bot answers in it when an agent\'s Teams is in another language.')
@allowed([
  'fr'
  'en'
])
param language string = 'fr'

@description('Local time (HH:MM, Europe/Paris) of the afternoon quiz reminder, or "off".')
param reminderAt string = '14:00'

@description('Prefix of the table and queue names, so several challenges can share one storage account.')
param tablePrefix string = 'defi'

@description('App Service plan: B1 is enough for 5,000 agents; P0v3 and above for more instances and zone redundancy.')
param planSku string = 'B1'

@description('How many instances run the app (they share the sends through the queues; Basic allows up to 3).')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Days the logs are kept in Log Analytics (the DPO\'s retention; 30 is the minimum billed).')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Display name of the Azure Bot (shown in the Azure portal, not in Teams).')
param botDisplayName string = 'Défi numérique'

param tags object = {
  application: 'defi-numerique'
}

// Built-in role ids (the same in every tenant).
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${appName}'
  location: location
  tags: tags
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
    // No account key can be used: the app signs in with its managed identity (AZURE_STORAGE_ACCOUNT_NAME).
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    accessTier: 'Hot'
  }
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${appName}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'Node.JS'
    WorkspaceResourceId: logs.id
    // Client IPs are not kept (the DPO's data map, docs/rgpd.md).
    DisableIpMasking: false
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${appName}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: planSku
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

// The web app's host name, known before it exists: its own settings need it (PUBLIC_URL).
var webAppHostName = '${appName}.azurewebsites.net'

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      // Node 22 LTS (Node 20 left long-term support on 2026-04-30).
      linuxFxVersion: 'NODE|22-lts'
      // The compiled server, as packaged by `npm run package:server`: no TypeScript runner, no build at start.
      // A heap sized for the app (live ≈ 50 MB), not for the machine: a 10,000-card send peaks at ≈ 145 MB of
      // RSS instead of 458 MB (docs/scale.md, "Instances: CPU and memory").
      appCommandLine: 'node --max-old-space-size=160 --max-semi-space-size=4 dist/main.js'
      // The minute scheduler and the delivery workers live in the process: it must not be unloaded.
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      // Readiness: the store answers too; an instance that cannot reach it gets no traffic.
      healthCheckPath: '/readyz'
      appSettings: [
        // PORT is set by App Service; HOST defaults to 0.0.0.0 once MicrosoftAppId is set.
        { name: 'NODE_ENV', value: 'production' }
        // The bot is the managed identity: its client id is the bot's app id, and no password exists.
        { name: 'MicrosoftAppId', value: identity.properties.clientId }
        { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
        { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
        // Storage by role, with the same identity: no connection string, no key.
        { name: 'AZURE_STORAGE_ACCOUNT_NAME', value: storage.name }
        { name: 'TABLE_PREFIX', value: tablePrefix }
        { name: 'AAD_APP_CLIENT_ID', value: tabAppClientId }
        // Microsoft Graph is called as the tab's app registration, signed in by the managed identity (a federated
        // credential, no secret): the manifest's webApplicationInfo names that app, so the least permission to
        // install the app for everyone (TeamsAppInstallation.ReadWriteSelfForUser.All) is enough.
        { name: 'GRAPH_APP_CLIENT_ID', value: tabAppClientId }
        { name: 'AAD_APP_TENANT_ID', value: tenant().tenantId }
        { name: 'TEAMS_APP_ID', value: teamsAppId }
        { name: 'TEAMS_APP_CATALOG_ID', value: teamsAppCatalogId }
        { name: 'ORGANISER_IDS', value: organiserIds }
        { name: 'ORGANISER_GROUP_ID', value: organiserGroupId }
        { name: 'ROSTER_GROUP_ID', value: rosterGroupId }
        { name: 'PUBLIC_URL', value: 'https://${webAppHostName}' }
        { name: 'REMINDER_AT', value: reminderAt }
        { name: 'LANGUAGE', value: language }
        // The demo challenge is for trying the app; production starts empty.
        { name: 'DEMO', value: 'false' }
        { name: 'LOG_LEVEL', value: 'info' }
        // Run the uploaded zip as it is, read-only: nothing is installed or built on the server.
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        // Application Insights' agent for Node on Linux: requests, dependencies and the console's structured logs.
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'ApplicationInsightsAgent_EXTENSION_VERSION', value: '~3' }
        // Left at their defaults on purpose: BROADCAST_* (50 messages/s for the whole app, shared by the instances),
        // ANNOUNCE_HOURS, ROSTER_SYNC_AT, GRAPH_INSTALL_*, SCHEDULER, WORKERS, INSTANCE_ID, HOST, DATA_DIR,
        // GRAPH_BASE_URL, AZURE_AUTHORITY_HOST, AAD_JWKS_URI and the Bot Framework auth overrides (public cloud),
        // RETENTION_MONTHS (personal data purged 6 months after the challenge: add it here if the DPO chose otherwise).
      ]
    }
  }
  dependsOn: [
    tableRole
    queueRole
  ]
}

// No deployment with a user name and password: neither FTP nor the SCM site (Kudu). Deploy with Entra
// credentials (`az webapp deploy`, or a pipeline signed in with OIDC).
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// The console's lines (the app's structured logs) and the platform's, into the workspace.
resource webAppLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: webApp
  properties: {
    workspaceId: logs.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceAppLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
  }
}

var botEndpoint = 'https://${webAppHostName}/api/messages'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: appName
  location: botLocation
  tags: tags
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: botEndpoint
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: identity.id
    disableLocalAuth: true
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: botLocation
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

// Outputs are named as the environment variables they fill (env/.env.<name>): the Agents Toolkit writes them there
// after `arm/deploy`, and docs/deploy.md copies them by hand for those who use the az CLI.

@description('Host name of the web app: the manifest\'s BOT_DOMAIN.')
output BOT_DOMAIN string = webAppHostName

@description('Where the tab is served from: the manifest\'s TAB_ENDPOINT.')
output TAB_ENDPOINT string = 'https://${webAppHostName}'

@description('The bot\'s app id, the managed identity\'s client id: the manifest\'s BOT_ID.')
output BOT_ID string = identity.properties.clientId

@description('The managed identity\'s object id: the tab\'s registration trusts it (infra/entra-app.sh trust).')
output IDENTITY_PRINCIPAL_ID string = identity.properties.principalId

@description('The web app, for `az webapp deploy` and the toolkit\'s zip deploy.')
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id

output WEB_APP_NAME string = webApp.name

@description('The messaging endpoint the Azure Bot posts to.')
output BOT_ENDPOINT string = botEndpoint

// Production resources for Surgery Queue: one Node 22 web app (bot, tab and API on one host), the Azure Bot
// registration that connects it to Teams and Web Chat, and the storage account that holds the queues.
// Deploy with `atk provision --env <name>` (outputs go to env/.env.<name>) or with
// `az deployment group create` (docs/officer-guide.md). tests/infra checks that every setting the server
// reads (bot/config.ts SETTINGS) is set here.

@minLength(3)
@maxLength(40)
@description('Builds every resource name; the web app becomes https://<resourceBaseName>.azurewebsites.net. Lowercase letters, digits and hyphens.')
param resourceBaseName string

@description('Azure region for everything but the bot registration, which is global.')
param location string = resourceGroup().location

@description('App Service plan size. B1 suits one council; alwaysOn needs B1 or above.')
param webAppSku string = 'B1'

@minValue(1)
@maxValue(10)
@description('How many instances of the web app run. They share the storage account, and Teams\' limit of about 50 messages a second: each sends at most 50 divided by this (TEAMS_SENDS_PER_SECOND).')
param instanceCount int = 1

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
@description('Storage redundancy. ZRS keeps a copy in three zones of the region.')
param storageSku string = 'Standard_LRS'

@maxLength(42)
@description('The bot\'s name in the Azure portal.')
param botDisplayName string = 'Surgery Queue'

@allowed([
  'F0'
  'S1'
])
@description('Azure Bot pricing tier. Teams is a standard channel (free); F0 limits premium channels such as Direct Line to 10,000 messages a month.')
param botServiceSku string = 'F0'

@description('Host name residents and councillors use, if the council maps its own (for example surgeries.example.gov.uk). Empty: <resourceBaseName>.azurewebsites.net.')
param publicHostName string = ''

@description('Client id of the Entra ID app registration for Teams sign-in to the tab (AAD_APP_CLIENT_ID).')
param aadAppClientId string

@secure()
@description('A client secret of that app registration (AAD_APP_CLIENT_SECRET), for "Create the Teams meeting for me": see the officer guide, step 3A. Empty: councillors paste a join link.')
param aadAppClientSecret string = ''

@description('The council mailbox booked residents\' confirmations, new times and cancellations are sent from through Microsoft Graph, with the calendar invitation attached (INVITES_MAILBOX). Needs aadAppClientSecret, and the application permission Mail.Send granted to that app registration with admin consent, limited to this mailbox: see the officer guide, step 3B. Empty: GOV.UK Notify sends them.')
param invitesMailbox string = ''

@description('Entra ID tenants whose people may sign in to the tab, separated by commas. Default: the tenant you deploy from.')
param allowedTenantIds string = tenant().tenantId

@description('Issuer of Entra ID v1 tokens. Right for the Azure public cloud.')
param entraV1IssuerHost string = 'https://sts.windows.net'

@minLength(1)
@maxLength(21)
@description('Prefix of every table name (TABLE_PREFIX): a letter, then letters or digits.')
param tablePrefix string = 'sq'

@minValue(1)
@maxValue(120)
@description('Expected length of one consultation, in minutes, before a surgery has its own data.')
param consultationMinutes int = 10

@minValue(1)
@maxValue(60)
@description('How soon a called resident is told they will be let in, in minutes.')
param calledAdmitMinutes int = 5

@minValue(100)
@maxValue(60000)
@description('How often each instance checks storage for queue changes made by other instances, in milliseconds.')
param streamPollMs int = 100

@minValue(200)
@maxValue(60000)
@description('How long one call to storage may take, its retries included, in milliseconds. The default keeps the promise that the tab and the bot answer within 3 s when storage is down.')
param storageCallTimeoutMs int = 2500

@minValue(0)
@maxValue(720)
@description('How long before its start a surgery can be opened, in minutes. Opening it earlier asks the councillor first.')
param openEarlyMinutes int = 30

@minValue(1)
@maxValue(1440)
@description('How long a message to a resident is tried again after its first failure worth retrying, before the tab shows it not delivered, in minutes.')
param outboxRetryWindowMinutes int = 10

@minValue(10)
@maxValue(60000)
@description('First wait before a message is tried again, in milliseconds; it doubles each time.')
param outboxRetryBaseMs int = 2000

@allowed([
  'debug'
  'info'
])
@description('debug logs each request answered as well, one JSON line per event; info leaves requests out.')
param logLevel string = 'debug'

@minValue(1)
@maxValue(120)
@description('How long one send to Teams or GOV.UK Notify may take before it is given up as no answer and tried again later, in seconds. Shorter than OUTBOX_LEASE_SECONDS.')
param sendTimeoutSeconds int = 10

@minValue(1)
@maxValue(600)
@description('How long one instance may take to send a message before another may send it instead, in seconds.')
param outboxLeaseSeconds int = 30

@minValue(50)
@maxValue(60000)
@description('How often the outbox is checked for messages to send or retry, in milliseconds.')
param outboxPollMs int = 500

@minValue(1)
@maxValue(1000000)
@description('Requests one client (IP address) may make per minute to the tab, its API and /healthz.')
param rateLimitPerMinute int = 300

@minValue(1)
@maxValue(1000000)
@description('Activities /api/messages takes per minute from one IP address; the Bot Connector brings every resident from a few.')
param botRateLimitPerMinute int = 1200

@minValue(1)
@maxValue(1000000)
@description('Activities /api/messages takes per minute from one conversation.')
param chatRateLimitPerMinute int = 60

@minValue(1)
@maxValue(1000000)
@description('Web chat conversations (Direct Line tokens) one client (IP address) may start per minute.')
param directLineTokensPerMinute int = 10

@secure()
@description('A secret key of the bot\'s Direct Line channel, for web chat on the resident pages (DIRECT_LINE_SECRET). Empty until the channel is turned on: see the officer guide.')
param directLineSecret string = ''

@minLength(1)
@maxLength(100)
@description('The council holding residents\' details, as the privacy notice and resident pages name it (COUNCIL_NAME).')
param councilName string

@minValue(1)
@maxValue(3650)
@description('How many days residents\' details are kept after their surgery, as the privacy notice tells them (RETENTION_DAYS).')
param retentionDays int = 30

@minValue(1)
@maxValue(1440)
@description('How often each server removes residents\' details past RETENTION_DAYS and audit entries past AUDIT_RETENTION_DAYS, in minutes (RETENTION_CHECK_MINUTES).')
param retentionCheckMinutes int = 60

@minValue(1)
@maxValue(3650)
@description('How many days the audit trail of who viewed or changed residents\' records is kept (AUDIT_RETENTION_DAYS).')
param auditRetentionDays int = 365

@description('Officers who may export or erase everything held about a resident, each as <tenant id>/<object id> from their Entra ID profile, separated by commas (OFFICER_ACCOUNTS). A sign-in name or a bare object id is refused. Empty: nobody.')
param officerAccounts string = ''

@minValue(1)
@maxValue(600)
@description('How often each server looks again at open surgeries\' estimates to update place cards and send alerts, in seconds (SURGERY_TICK_SECONDS).')
param surgeryTickSeconds int = 30

@minValue(1)
@maxValue(30)
@description('Minutes before a resident\'s estimated call that they are told it is nearly their turn (GETTING_CLOSE_MINUTES).')
param gettingCloseMinutes int = 5

@secure()
@description('A GOV.UK Notify API key ("Team and guest list" while testing, "Live" once the service is live), for emails and texts to residents (NOTIFY_API_KEY). Empty: they are written to files in localMailboxDir instead and nobody is sent anything. See the officer guide.')
param notifyApiKey string = ''

@description('Where GOV.UK Notify\'s API is (NOTIFY_BASE_URL).')
param notifyBaseUrl string = 'https://api.notifications.service.gov.uk'

@description('Id of the Notify email template: subject ((subject)), message ((body)) (NOTIFY_EMAIL_TEMPLATE_ID). Required with notifyApiKey.')
param notifyEmailTemplateId string = ''

@description('Id of the Notify text message template: message ((body)) (NOTIFY_SMS_TEMPLATE_ID). Required with notifyApiKey.')
param notifySmsTemplateId string = ''

@description('Without notifyApiKey, the folder emails and texts to residents are written to (LOCAL_MAILBOX_DIR). Under /home, which App Service keeps; the app\'s own folder is read-only.')
param localMailboxDir string = '/home/data/mailbox'

@description('The ward roster (WARDS_FILE): a CSV file of wards and their councillors, which decides who may run each ward\'s surgeries; the server does not start without it. By default the roster deployed with the server (data/wards.csv in the zip); or a file on an Azure Files share mounted into the web app, say /mounts/ward-postcodes/wards.csv. See the officer guide.')
param wardsFile string = '/home/site/wwwroot/data/wards.csv'

@description('Council-wide ward postcode list: a CSV file with postcode and ward columns, say on an Azure Files share mounted into the web app (WARD_POSTCODES_FILE). Empty: none. See the officer guide.')
param wardPostcodesFile string = ''

@description('The topics councillors pick from when marking a resident seen (TOPICS_FILE): a text file with one topic per line, say on the Azure Files share mounted into the web app. Empty: the default list in README. See the officer guide.')
param topicsFile string = ''

@description('Folder of ward postcode lists, one CSV file per ward, say an Azure Files share mounted into the web app (WARD_POSTCODES_DIR). Empty: none. See the officer guide.')
param wardPostcodesDir string = ''

@allowed([
  'allow'
  'refuse'
])
@description('Whether a resident whose postcode is in another ward may book a slot (OUTSIDE_WARD_BOOKINGS).')
param outsideWardBookings string = 'allow'

@description('The council\'s surgeries mailbox, the organiser of booked residents\' calendar invitations (ORGANISER_EMAIL).')
param organiserEmail string = 'surgeries@example.gov.uk'

@secure()
@description('Signs the tab\'s live-queue tickets; every instance must share it. A new random value on each deployment unless you pass one.')
param streamTicketSecret string = '${newGuid()}${newGuid()}'

var webAppName = resourceBaseName
var publicHost = empty(publicHostName) ? '${webAppName}.azurewebsites.net' : publicHostName
var publicBaseUrl = 'https://${publicHost}'

// Storage account names: 3 to 24 lowercase letters and digits, unique in Azure.
var storageAccountName = '${take(replace(toLower(resourceBaseName), '-', ''), 11)}${uniqueString(resourceGroup().id)}'

// The server's tables; it names each one <TABLE_PREFIX><name> (bot/storage/tables/table-storage.ts).
var tableNames = [
  'surgeries'
  'chats'
  'outboxwork'
  'statuslinks'
  'bookinglinks'
  'audit'
  'surgeryindex'
  'wardlengths'
]

// The bot signs in to the Bot Framework as this identity: no client secret to store or rotate.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // The server signs in with the account key from TABLES_CONNECTION_STRING.
    allowSharedKeyAccess: true
    accessTier: 'Hot'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in tableNames: {
    parent: tableService
    name: '${tablePrefix}${table}'
  }
]

// Next hardening step: keep this in Key Vault and set a Key Vault reference instead.
var tablesConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
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
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node dist/bot/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // Every setting in bot/config.ts SETTINGS except PORT (App Service sets it) and
      // MICROSOFT_APP_PASSWORD (a managed identity has no password).
      appSettings: [
        {
          name: 'HOST'
          value: '0.0.0.0'
        }
        {
          name: 'TABLES_CONNECTION_STRING'
          value: tablesConnectionString
        }
        {
          name: 'TABLE_PREFIX'
          value: tablePrefix
        }
        {
          name: 'MICROSOFT_APP_ID'
          value: identity.properties.clientId
        }
        {
          name: 'MICROSOFT_APP_TENANT_ID'
          value: identity.properties.tenantId
        }
        {
          name: 'MICROSOFT_APP_TYPE'
          value: 'UserAssignedMSI'
        }
        {
          name: 'CONSULTATION_MINUTES'
          value: string(consultationMinutes)
        }
        {
          name: 'CALLED_ADMIT_MINUTES'
          value: string(calledAdmitMinutes)
        }
        {
          name: 'STREAM_POLL_MS'
          value: string(streamPollMs)
        }
        {
          name: 'OUTBOX_RETRY_WINDOW_MINUTES'
          value: string(outboxRetryWindowMinutes)
        }
        {
          name: 'SEND_TIMEOUT_SECONDS'
          value: string(sendTimeoutSeconds)
        }
        {
          name: 'LOG_LEVEL'
          value: logLevel
        }
        {
          name: 'OUTBOX_RETRY_BASE_MS'
          value: string(outboxRetryBaseMs)
        }
        {
          name: 'OUTBOX_LEASE_SECONDS'
          value: string(outboxLeaseSeconds)
        }
        {
          name: 'OUTBOX_POLL_MS'
          value: string(outboxPollMs)
        }
        {
          name: 'TEAMS_SENDS_PER_SECOND'
          value: string(50 / instanceCount)
        }
        {
          name: 'STORAGE_CALL_TIMEOUT_MS'
          value: string(storageCallTimeoutMs)
        }
        {
          name: 'OPEN_EARLY_MINUTES'
          value: string(openEarlyMinutes)
        }
        {
          name: 'RATE_LIMIT_PER_MINUTE'
          value: string(rateLimitPerMinute)
        }
        {
          name: 'BOT_RATE_LIMIT_PER_MINUTE'
          value: string(botRateLimitPerMinute)
        }
        {
          name: 'CHAT_RATE_LIMIT_PER_MINUTE'
          value: string(chatRateLimitPerMinute)
        }
        {
          name: 'DIRECT_LINE_TOKENS_PER_MINUTE'
          value: string(directLineTokensPerMinute)
        }
        {
          // App Service's front end is the one proxy: it appends the caller's address to X-Forwarded-For.
          name: 'TRUSTED_PROXY_HOPS'
          value: '1'
        }
        {
          name: 'AAD_APP_CLIENT_ID'
          value: aadAppClientId
        }
        {
          name: 'AAD_APP_ID_URI'
          value: 'api://${publicHost}/${aadAppClientId}'
        }
        {
          name: 'ALLOWED_TENANT_IDS'
          value: allowedTenantIds
        }
        {
          name: 'ENTRA_AUTHORITY_HOST'
          value: environment().authentication.loginEndpoint
        }
        {
          name: 'ENTRA_V1_ISSUER_HOST'
          value: entraV1IssuerHost
        }
        {
          name: 'AAD_APP_CLIENT_SECRET'
          value: aadAppClientSecret
        }
        {
          name: 'GRAPH_BASE_URL'
          value: 'https://graph.microsoft.com/v1.0'
        }
        {
          name: 'INVITES_MAILBOX'
          value: invitesMailbox
        }
        {
          name: 'STREAM_TICKET_SECRET'
          value: streamTicketSecret
        }
        {
          name: 'PUBLIC_BASE_URL'
          value: publicBaseUrl
        }
        {
          name: 'COUNCIL_NAME'
          value: councilName
        }
        {
          name: 'RETENTION_DAYS'
          value: string(retentionDays)
        }
        {
          name: 'RETENTION_CHECK_MINUTES'
          value: string(retentionCheckMinutes)
        }
        {
          name: 'AUDIT_RETENTION_DAYS'
          value: string(auditRetentionDays)
        }
        {
          name: 'OFFICER_ACCOUNTS'
          value: officerAccounts
        }
        {
          name: 'DIRECT_LINE_SECRET'
          value: directLineSecret
        }
        {
          name: 'DIRECT_LINE_BASE_URL'
          value: 'https://directline.botframework.com'
        }
        {
          name: 'SURGERY_TICK_SECONDS'
          value: string(surgeryTickSeconds)
        }
        {
          name: 'GETTING_CLOSE_MINUTES'
          value: string(gettingCloseMinutes)
        }
        {
          name: 'NOTIFY_API_KEY'
          value: notifyApiKey
        }
        {
          name: 'NOTIFY_BASE_URL'
          value: notifyBaseUrl
        }
        {
          name: 'NOTIFY_EMAIL_TEMPLATE_ID'
          value: notifyEmailTemplateId
        }
        {
          name: 'NOTIFY_SMS_TEMPLATE_ID'
          value: notifySmsTemplateId
        }
        {
          name: 'LOCAL_MAILBOX_DIR'
          value: localMailboxDir
        }
        {
          name: 'WARDS_FILE'
          value: wardsFile
        }
        {
          name: 'WARD_POSTCODES_FILE'
          value: wardPostcodesFile
        }
        {
          name: 'TOPICS_FILE'
          value: topicsFile
        }
        {
          name: 'WARD_POSTCODES_DIR'
          value: wardPostcodesDir
        }
        {
          name: 'OUTSIDE_WARD_BOOKINGS'
          value: outsideWardBookings
        }
        {
          name: 'ORGANISER_EMAIL'
          value: organiserEmail
        }
        {
          // The deployed zip is mounted as it is: built on the officer's machine, not on the server.
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
      ]
    }
  }
}

// Keeps the server's output (one JSON line per event) for `az webapp log tail` and the portal's Log stream.
resource webAppLogs 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'logs'
  properties: {
    httpLogs: {
      fileSystem: {
        enabled: true
        retentionInDays: 7
        retentionInMb: 35
      }
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: '${publicBaseUrl}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
    msaAppType: 'UserAssignedMSI'
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
    }
  }
}

// Residents without Teams reach the bot through Web Chat on our own page, over Direct Line. Enhanced
// authentication ties Direct Line tokens to our host, so the chat cannot be embedded elsewhere.
resource directLineChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'Resident check-in'
          isEnabled: true
          isV1Enabled: false
          isV3Enabled: true
          isSecureSiteEnabled: true
          trustedOrigins: [
            publicBaseUrl
          ]
        }
      ]
    }
  }
}

resource webChatChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'WebChatChannel'
  location: 'global'
  properties: {
    channelName: 'WebChatChannel'
    properties: {
      sites: [
        {
          siteName: 'Default Site'
          isEnabled: true
          isWebchatPreviewEnabled: false
        }
      ]
    }
  }
}

// Written to env/.env.<name> by `atk provision`; appPackage/manifest.json uses BOT_ID, TAB_DOMAIN and TAB_ENDPOINT.
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_DOMAIN string = publicHost
output BOT_ENDPOINT string = publicBaseUrl
output TAB_DOMAIN string = publicHost
output TAB_ENDPOINT string = publicBaseUrl
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output WEB_APP_NAME string = webApp.name
output STORAGE_ACCOUNT_NAME string = storage.name
output RESOURCE_GROUP string = resourceGroup().name

#!/usr/bin/env bash
# The tab's Entra app registration, with the az CLI (signed in as someone who may create app registrations and
# grant admin consent: an Application Administrator and a Privileged Role Administrator, or a Global Administrator).
# The Agents Toolkit does the first step itself from aad.manifest.json (aadApp/create, aadApp/update); this script
# is for those who deploy with the az CLI. See docs/deploy.md.
#
#   infra/entra-app.sh create <host name>                the registration: single sign-on for the tab (access_as_user,
#                                                        the Teams clients pre-authorised); prints AAD_APP_CLIENT_ID
#   infra/entra-app.sh consent <client id>               grants Graph's application permissions (admin consent):
#                                                        User.Read.All, GroupMember.Read.All,
#                                                        TeamsAppInstallation.ReadWriteSelfForUser.All
#   infra/entra-app.sh trust <client id> <principal id>  lets the web app's managed identity sign in as the
#                                                        registration (a federated credential): no secret exists
#
# Every step can be run again: what exists is updated, not duplicated.
set -euo pipefail

GRAPH_APP_ID=00000003-0000-0000-c000-000000000000
# Teams' desktop/mobile and web clients: they ask for the tab's token without a consent prompt.
TEAMS_CLIENTS=(1fec8e78-bce4-4aaf-ab1b-5451cc387264 5e3ce6c0-2b1f-4285-8d4b-75ee78787346)
GRAPH_ROLES=(User.Read.All GroupMember.Read.All TeamsAppInstallation.ReadWriteSelfForUser.All)
NAME="${APP_DISPLAY_NAME:-Défi numérique}"

say() { printf '%s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null || { say "$1 is needed (https://aka.ms/azcli)"; exit 1; }; }
need az

create() {
  local host="$1"
  [[ "$host" =~ ^[a-z0-9.-]+$ ]] || { say "host name expected, e.g. defi-numerique-x.azurewebsites.net"; exit 1; }
  local app_id object_id scope_id
  app_id=$(az ad app list --display-name "$NAME" --query '[0].appId' -o tsv)
  if [[ -z "$app_id" ]]; then
    app_id=$(az ad app create --display-name "$NAME" --sign-in-audience AzureADMyOrg --query appId -o tsv)
    say "created the registration $app_id"
  fi
  object_id=$(az ad app show --id "$app_id" --query id -o tsv)
  scope_id=$(az ad app show --id "$app_id" --query "api.oauth2PermissionScopes[?value=='access_as_user'].id | [0]" -o tsv)
  [[ -n "$scope_id" ]] || scope_id=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen)
  # The scope first: pre-authorising a client names a scope that must already exist.
  az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/$object_id" \
    --headers 'Content-Type=application/json' --body "$(cat <<JSON
{
  "identifierUris": ["api://$host/$app_id"],
  "api": {
    "requestedAccessTokenVersion": 2,
    "oauth2PermissionScopes": [{
      "id": "$scope_id", "value": "access_as_user", "type": "User", "isEnabled": true,
      "adminConsentDisplayName": "Teams can call the Défi numérique tab's API as the signed-in agent",
      "adminConsentDescription": "Lets Teams sign the agent in to the challenge tab without a second login.",
      "userConsentDisplayName": "Sign you in to the Défi numérique tab",
      "userConsentDescription": "Lets Teams sign you in to the challenge tab without a second login."
    }]
  }
}
JSON
)"
  local clients=""
  for client in "${TEAMS_CLIENTS[@]}"; do
    clients+="{\"appId\":\"$client\",\"delegatedPermissionIds\":[\"$scope_id\"]},"
  done
  az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/$object_id" \
    --headers 'Content-Type=application/json' \
    --body "{\"api\":{\"preAuthorizedApplications\":[${clients%,}]}}"
  az ad sp show --id "$app_id" >/dev/null 2>&1 || az ad sp create --id "$app_id" >/dev/null
  say "single sign-on ready: api://$host/$app_id, access_as_user, Teams clients pre-authorised"
  echo "AAD_APP_CLIENT_ID=$app_id"
}

consent() {
  local app_id="$1" sp graph_sp role_id
  sp=$(az ad sp show --id "$app_id" --query id -o tsv)
  graph_sp=$(az ad sp show --id "$GRAPH_APP_ID" --query id -o tsv)
  for role in "${GRAPH_ROLES[@]}"; do
    role_id=$(az ad sp show --id "$GRAPH_APP_ID" --query "appRoles[?value=='$role'].id | [0]" -o tsv)
    if az rest --method GET --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$sp/appRoleAssignments" \
      --query "value[?appRoleId=='$role_id'] | [0].id" -o tsv | grep -q .; then
      say "$role: already granted"
      continue
    fi
    az rest --method POST --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$sp/appRoleAssignments" \
      --headers 'Content-Type=application/json' \
      --body "{\"principalId\":\"$sp\",\"resourceId\":\"$graph_sp\",\"appRoleId\":\"$role_id\"}" >/dev/null
    say "$role: granted"
  done
}

trust() {
  local app_id="$1" principal="$2" tenant
  tenant=$(az account show --query tenantId -o tsv)
  if az ad app federated-credential list --id "$app_id" --query "[?subject=='$principal'] | [0].name" -o tsv | grep -q .; then
    say "the managed identity $principal is already trusted"
    return
  fi
  az ad app federated-credential create --id "$app_id" --parameters "$(cat <<JSON
{
  "name": "defi-numerique-managed-identity",
  "issuer": "https://login.microsoftonline.com/$tenant/v2.0",
  "subject": "$principal",
  "audiences": ["api://AzureADTokenExchange"],
  "description": "The web app's managed identity signs in as this registration for Microsoft Graph (no secret)."
}
JSON
)" >/dev/null
  say "the managed identity $principal may now sign in as $app_id"
}

case "${1:-}" in
  create) create "${2:?host name}" ;;
  consent) consent "${2:?client id}" ;;
  trust) trust "${2:?client id}" "${3:?managed identity principal id}" ;;
  *) sed -n '2,17p' "$0"; exit 1 ;;
esac

{{- define "rme.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rme.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "rme.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rme.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "rme.labels" -}}
{{- $labels := dict
  "helm.sh/chart" (printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-")
  "app.kubernetes.io/name" (include "rme.name" .)
  "app.kubernetes.io/instance" .Release.Name
  "app.kubernetes.io/version" .Chart.AppVersion
  "app.kubernetes.io/managed-by" .Release.Service }}
{{- toYaml (merge $labels (default (dict) .Values.commonLabels)) }}
{{- end }}

{{/*
The standard labels with more on top, as one map: a key in both is rendered once, the standard value winning so
that selectors keep matching. Call with (dict "context" $ "extra" .Values.some.labels).
*/}}
{{- define "rme.labelsWith" -}}
{{- $standard := include "rme.labels" .context | fromYaml }}
{{- toYaml (merge $standard (default (dict) .extra)) }}
{{- end }}

{{- define "rme.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rme.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "rme.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.registry }}
{{- printf "%s/%s:%s" .Values.image.registry .Values.image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/* Where the exporter finds the password file, or nothing when auth is off. */}}
{{- define "rme.passwordFile" -}}
{{- if .Values.auth.enabled }}
{{- if .Values.auth.existingSecret }}/secrets/redis-password
{{- else if .Values.auth.passwordFile }}{{ .Values.auth.passwordFile }}
{{- else }}{{ fail "auth.enabled needs auth.existingSecret or auth.passwordFile: the password never goes in values" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Where the exporter finds the sentinels' password file, or nothing. */}}
{{- define "rme.sentinelPasswordFile" -}}
{{- if .Values.auth.sentinel.existingSecret }}/sentinel-secrets/sentinel-password
{{- else if .Values.auth.sentinel.passwordFile }}{{ .Values.auth.sentinel.passwordFile }}
{{- else if .Values.auth.sentinel.username }}{{ fail "auth.sentinel.username needs auth.sentinel.existingSecret or auth.sentinel.passwordFile" }}
{{- end }}
{{- end }}

{{/* The password must not reach values in a form the chart would render into a manifest. */}}
{{- define "rme.noPlainPassword" -}}
{{- if regexMatch "^[a-z-]+://[^/@]*:[^/@]*@" .Values.redis.addr }}
{{- fail "redis.addr holds a password: put it in a Secret and set auth.existingSecret" }}
{{- end }}
{{- if and (kindIs "map" .Values.config.redis) (or (hasKey .Values.config.redis "password") (hasKey .Values.config.redis "addr")) }}
{{- fail "config.redis: set redis.addr, and the password through auth.existingSecret or auth.passwordFile" }}
{{- end }}
{{- if or (hasKey .Values.extraArgs "redis.sentinel-password") (and (kindIs "map" .Values.config.redis) (hasKey .Values.config.redis "sentinelPassword")) }}
{{- fail "the sentinels' password goes in a Secret: set auth.sentinel.existingSecret, not config.redis.sentinelPassword or extraArgs" }}
{{- end }}
{{- if or (hasKey .Values.extraArgs "redis.password") (hasKey .Values.extraArgs "redis.addr") }}
{{- fail "extraArgs: set redis.addr, and the password through auth.existingSecret or auth.passwordFile" }}
{{- end }}
{{- range .Values.extraEnvVars }}
{{- if and (has .name (list "REDIS_PASSWORD" "REDIS_SENTINEL_PASSWORD")) (hasKey . "value") }}
{{- fail (printf "extraEnvVars: %s with a plain value; use auth.existingSecret, auth.sentinel.existingSecret or a valueFrom secretKeyRef" .name) }}
{{- end }}
{{- if and (eq .name "REDISMEM_KEY_NAME_SECRET") (hasKey . "value") }}
{{- fail "extraEnvVars: REDISMEM_KEY_NAME_SECRET with a plain value; use sampling.keyNameSecret.existingSecret" }}
{{- end }}
{{- end }}
{{- if or (and (kindIs "map" .Values.config.sampling) (hasKey .Values.config.sampling "keyNameSecret")) (hasKey .Values.extraArgs "sampling.key-name-secret") }}
{{- fail "the key name secret goes in a Secret: set sampling.keyNameSecret.existingSecret, not config.sampling.keyNameSecret or extraArgs" }}
{{- end }}
{{- end }}

{{/*
A setting the chart renders from its own values may not also come from config or extraArgs: which one wins would
depend on the exporter's precedence rules rather than on what the values say.
*/}}
{{- define "rme.noDuplicateSettings" -}}
{{- $config := .Values.config }}
{{- if .Values.redis.tls.enabled }}
{{- if or (and (kindIs "map" $config.redis) (hasKey $config.redis "tls")) (include "rme.hasArgPrefix" (dict "args" .Values.extraArgs "prefix" "redis.tls.")) }}
{{- fail "redis.tls.enabled: set the TLS files through redis.tls.*, not config.redis.tls or extraArgs redis.tls.*" }}
{{- end }}
{{- end }}
{{- if .Values.webConfig.enabled }}
{{- if or (and (kindIs "map" $config.web) (hasKey $config.web "configFile")) (hasKey .Values.extraArgs "web.config.file") }}
{{- fail "webConfig.enabled: the chart passes --web.config.file; remove config.web.configFile and extraArgs web.config.file" }}
{{- end }}
{{- end }}
{{- if ne .Values.sampling.keyNames "full" }}
{{- if or (and (kindIs "map" $config.sampling) (or (hasKey $config.sampling "keyNames") (hasKey $config.sampling "keyNameSecretFile"))) (hasKey .Values.extraArgs "sampling.key-names") (hasKey .Values.extraArgs "sampling.key-name-secret-file") }}
{{- fail "sampling.keyNames: set key-name privacy through sampling.*, not config.sampling or extraArgs" }}
{{- end }}
{{- end }}
{{- end }}

{{/* "true" when a key of args starts with prefix. */}}
{{- define "rme.hasArgPrefix" -}}
{{- range $key, $value := .args }}{{ if hasPrefix $.prefix $key }}true{{ end }}{{ end }}
{{- end }}

{{/* The exporter's flags for Redis TLS, web config and key-name privacy, one "- --flag=value" line each. */}}
{{- define "rme.securityArgs" -}}
{{- $tls := .Values.redis.tls }}
{{- if $tls.enabled }}
{{- if $tls.existingSecret }}
{{- with $tls.certCAFilename }}
- {{ printf "--redis.tls.ca-file=/etc/redis-tls/%s" . | quote }}
{{- end }}
{{- with $tls.certFilename }}
- {{ printf "--redis.tls.cert-file=/etc/redis-tls/%s" . | quote }}
{{- end }}
{{- with $tls.certKeyFilename }}
- {{ printf "--redis.tls.key-file=/etc/redis-tls/%s" . | quote }}
{{- end }}
{{- end }}
{{- with $tls.serverName }}
- {{ printf "--redis.tls.server-name=%s" . | quote }}
{{- end }}
{{- if $tls.insecureSkipVerify }}
- --redis.tls.insecure-skip-verify=true
{{- end }}
{{- end }}
{{- if .Values.webConfig.enabled }}
- {{ printf "--web.config.file=/etc/web-config/%s" .Values.webConfig.existingSecretKey | quote }}
{{- end }}
{{- if ne .Values.sampling.keyNames "full" }}
- {{ printf "--sampling.key-names=%s" .Values.sampling.keyNames | quote }}
{{- end }}
{{- if .Values.sampling.keyNameSecret.existingSecret }}
- {{ printf "--sampling.key-name-secret-file=/etc/key-name-secret/%s" .Values.sampling.keyNameSecret.existingSecretKey | quote }}
{{- end }}
{{- end }}

{{/*
A probe's handler. With basic auth or a required client certificate the kubelet cannot pass an httpGet probe
without a credential written into the pod spec (httpHeaders take literal values only), so it checks the port
with tcpSocket instead. Call with (dict "context" $ "path" "/-/healthy").
*/}}
{{- define "rme.probeHandler" -}}
{{- $web := .context.Values.webConfig }}
{{- if and $web.enabled (or $web.basicAuth $web.requireClientCert) }}
tcpSocket:
  port: {{ .context.Values.service.portName }}
{{- else }}
httpGet:
  path: {{ .path }}
  port: {{ .context.Values.service.portName }}
  {{- if and $web.enabled $web.tls }}
  scheme: HTTPS
  {{- end }}
{{- end }}
{{- end }}

{{/*
scheme, tlsConfig and basicAuth of a ServiceMonitor endpoint or PodMonitor podMetricsEndpoint. Call with
(dict "context" $ "monitor" .Values.serviceMonitor "name" "serviceMonitor").
*/}}
{{- define "rme.monitorSecurity" -}}
{{- $web := .context.Values.webConfig }}
{{- $https := and $web.enabled $web.tls }}
{{- $scheme := .monitor.scheme | default (ternary "https" "" $https) }}
{{- if and $https (eq $scheme "http") }}
{{- fail (printf "%s.scheme: http, but webConfig.tls says the exporter serves HTTPS" .name) }}
{{- end }}
{{- if and $web.enabled $web.basicAuth (not .monitor.basicAuth) }}
{{- fail (printf "%s.basicAuth is required with webConfig.basicAuth: {username: {name, key}, password: {name, key}} of a Secret in the monitor's namespace" .name) }}
{{- end }}
{{- if and .monitor.basicAuth (not (and .monitor.basicAuth.username .monitor.basicAuth.password)) }}
{{- fail (printf "%s.basicAuth needs both username and password" .name) }}
{{- end }}
{{- if and .monitor.tlsConfig (ne $scheme "https") }}
{{- fail (printf "%s.tlsConfig needs scheme https (%s.scheme, or webConfig.tls)" .name .name) }}
{{- end }}
{{- with $scheme }}
scheme: {{ . }}
{{- end }}
{{- with .monitor.tlsConfig }}
tlsConfig:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .monitor.basicAuth }}
basicAuth:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The namespace a monitor, rule or dashboard goes to. */}}
{{- define "rme.namespace" -}}
{{- default .context.Release.Namespace .namespace }}
{{- end }}

{{/* A scalar as text: Helm reads every number as a float, which %v would print as 1e+06; JSON prints 1000000. */}}
{{- define "rme.scalar" -}}
{{- if kindIs "string" . }}{{ . }}{{ else }}{{ toJson . }}{{ end }}
{{- end }}

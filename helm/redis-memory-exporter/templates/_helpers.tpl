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

{{/* The password must not reach values in a form the chart would render into a manifest. */}}
{{- define "rme.noPlainPassword" -}}
{{- if regexMatch "^[a-z]+://[^/@]*:[^/@]*@" .Values.redis.addr }}
{{- fail "redis.addr holds a password: put it in a Secret and set auth.existingSecret" }}
{{- end }}
{{- if and (kindIs "map" .Values.config.redis) (or (hasKey .Values.config.redis "password") (hasKey .Values.config.redis "addr")) }}
{{- fail "config.redis: set redis.addr, and the password through auth.existingSecret or auth.passwordFile" }}
{{- end }}
{{- if or (hasKey .Values.extraArgs "redis.password") (hasKey .Values.extraArgs "redis.addr") }}
{{- fail "extraArgs: set redis.addr, and the password through auth.existingSecret or auth.passwordFile" }}
{{- end }}
{{- range .Values.extraEnvVars }}
{{- if and (eq .name "REDIS_PASSWORD") (hasKey . "value") }}
{{- fail "extraEnvVars: REDIS_PASSWORD with a plain value; use auth.existingSecret or a valueFrom secretKeyRef" }}
{{- end }}
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

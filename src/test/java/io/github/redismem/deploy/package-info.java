/** How users deploy the exporter: the container image, the launcher script and distribution, the Helm chart. */
package io.github.redismem.deploy;

/**
 * The city's directory: who a named person is and which vigie roles their groups give, behind the
 * small {@link io.vigie.directory.Directory} interface; {@link io.vigie.directory.LdapDirectory} is
 * the only class that knows the LDAP client library (UnboundID LDAP SDK).
 */
package io.vigie.directory;

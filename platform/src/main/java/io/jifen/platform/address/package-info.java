/**
 * Members' address books: the places a member has goods shipped to, several per member, one of them the default,
 * sealed at rest. The member API ({@code /api/v1/me/addresses}) and the mall's pages and checkout use {@link AddressBook}.
 */
package io.jifen.platform.address;

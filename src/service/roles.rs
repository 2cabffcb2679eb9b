//! Roles a session needs (walk leader, back marker, first aider…), shared by
//! activities and rotas.

use crate::domain::text::{self, NAME_MAX};
use crate::domain::{Role, RoleId, RoleNeed, ValidationError};
use crate::{Error, Result, Tend};

impl Tend {
    pub fn roles(&self) -> Result<Vec<Role>> {
        let mut roles: Vec<Role> = self.store.all()?;
        roles.sort_by_cached_key(|r| text::sort_key(&r.name));
        Ok(roles)
    }

    /// The role with this name (ignoring case), added if there is none yet.
    pub fn role_named_or_new(&self, name: &str) -> Result<Role> {
        let name = text::required("role", "The role's name", name, NAME_MAX)?;
        if let Some(found) = self
            .roles()?
            .into_iter()
            .find(|r| r.name.to_lowercase() == name.to_lowercase())
        {
            return Ok(found);
        }
        let role = Role {
            id: RoleId::new(),
            name,
            qualification: String::new(),
            required_for_safety: false,
        };
        self.store.put(&role)?;
        Ok(role)
    }

    /// Renames a role or changes the qualification it needs; every
    /// activity and volunteer naming it follows.
    pub fn update_role(&self, role: Role) -> Result<Role> {
        let role = role.validated()?;
        let roles = self.roles()?;
        if !roles.iter().any(|r| r.id == role.id) {
            return Err(Error::NotFound("That role is no longer in Tend.".into()));
        }
        if roles
            .iter()
            .any(|r| r.id != role.id && r.name.to_lowercase() == role.name.to_lowercase())
        {
            return Err(ValidationError::new(
                "name",
                format!("There is already a role called \"{}\".", role.name),
            )
            .into());
        }
        self.store.put(&role)?;
        Ok(role)
    }

    /// Every need names a role Tend has, once, with a sensible count.
    pub(super) fn check_role_needs(&self, needs: &[RoleNeed]) -> Result<()> {
        let known: Vec<RoleId> = self.roles()?.into_iter().map(|r| r.id).collect();
        let refuse = |message: &str| Err(ValidationError::new("roles_needed", message).into());
        for (i, need) in needs.iter().enumerate() {
            if !known.contains(&need.role) {
                return refuse("One of the roles is no longer in Tend. Choose it again.");
            }
            if needs[..i].iter().any(|n| n.role == need.role) {
                return refuse("Each role can be listed once.");
            }
            if need.count == 0 || need.count > 50 {
                return refuse("How many are needed must be from 1 to 50.");
            }
            if need.per_participants == Some(0) {
                return refuse("\"For every\" must be at least 1 participant, or left empty.");
            }
        }
        Ok(())
    }
}

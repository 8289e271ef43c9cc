#[macro_use] extern crate rocket;
use rocket::fs::FileServer;
use rocket_dyn_templates::Template;

#[launch]
fn rocket() -> _ {
    rocket::build().mount("/public", FileServer::from("public")).attach(Template::fairing())
}

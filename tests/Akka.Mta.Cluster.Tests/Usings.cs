global using Akka.Mta.Actors;
global using Akka.Mta.Actors.TestKit;
